/**
 * Turns what the sources (the watched folder today) show into the current namespace (rules 2 to 5): an immutable {@link io.modulets.runtime.deploy.DeployState}, a pure {@link io.modulets.runtime.deploy.DeployPolicy} from (state, observation, now) to (state, actions), and {@link io.modulets.runtime.deploy.Deployer}, the shell on the control thread that stats, stages, validates and carries the actions out.
 *
 * <p><b>Internal</b>: not part of Modulets' API. Types here are public only where a sibling package uses them
 * (checked by {@code ArchitectureTest}); users use {@code io.modulets.runtime} and its Quarkus integration.
 * "Rule <i>n</i>" in comments refers to {@code docs/RULES.adoc}.
 */
package io.modulets.runtime.deploy;
