/**
 * The history of accepted module versions and the operator's pins (rule 13), kept crash-safe in the state folder:
 * what {@code history(module)}, {@code pin}, {@code rollback} and the store's retention of old versions read.
 */
package io.modulets.runtime.history;
