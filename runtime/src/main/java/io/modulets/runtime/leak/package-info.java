/**
 * Undoing, at a loader's retirement, what module code left behind in the JVM, and naming what holds a loader
 * that could not be undone (rule 10). Each kind of pin is one {@code Remedy}: JDBC drivers, MBeans, JUL
 * handlers, security providers, threads and the executors behind them, ThreadLocals, shutdown hooks, and so on.
 * {@link io.modulets.runtime.leak.Remedies} runs them; {@link io.modulets.runtime.leak.Prevention} creates, at
 * start, the JVM-wide singletons that a job's thread would otherwise create and pin.
 *
 * <p>Some remedies need parts of {@code java.base} opened to the runtime ({@code --add-opens}); without them they
 * name what they would have undone instead ({@link io.modulets.runtime.leak.JdkAccess}).
 *
 * <p><b>Internal</b>: not part of Modulets' API. Types here are public only where a sibling package uses them
 * (checked by {@code ArchitectureTest}). "Rule <i>n</i>" in comments refers to {@code docs/RULES.adoc}.
 */
package io.modulets.runtime.leak;
