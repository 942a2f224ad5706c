/**
 * Opt-in heap analysis of a leak suspect (rule 10): dumps the heap, reads the HPROF file and finds the shortest
 * strong path from a GC root to a retired module loader, as a chain of {@code Class.field} steps.
 *
 * <p><b>Internal</b>: not part of Modulets' API. Types here are public only where a sibling package uses them
 * (checked by {@code ArchitectureTest}). "Rule <i>n</i>" in comments refers to {@code docs/RULES.adoc}.
 */
package io.modulets.runtime.heap;
