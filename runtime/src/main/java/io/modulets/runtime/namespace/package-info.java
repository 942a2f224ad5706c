/**
 * Namespaces (immutable snapshots of module versions), their class loaders and their leases (rules 6 to 8 and 10).
 *
 * <p><b>Internal</b>: not part of Modulets' API. Types here are public only where a sibling package uses them
 * (checked by {@code ArchitectureTest}); users use {@code io.modulets.runtime} and its Quarkus integration.
 * "Rule <i>n</i>" in comments refers to {@code docs/RULES.adoc}.
 */
package io.modulets.runtime.namespace;
