/**
 * The Modulets runtime, as users see it: {@link io.modulets.runtime.ModuletRuntime} (build, start, submit, watch
 * events, close), the events it reports ({@link io.modulets.runtime.RuntimeEvent}) and the settings it was built
 * with ({@link io.modulets.runtime.RuntimeSettings}). The sub-packages are the engine's internals, one per
 * concern; only the Quarkus integration among them is for users. The rules users rely on are in
 * {@code docs/RULES.adoc}; "rule <i>n</i>" in the javadoc refers to them.
 */
package io.modulets.runtime;
