/**
 * What module code and its callers compile against.
 *
 * <p>A <em>module</em> is a jar of job code with a name and a version. A {@link io.modulets.api.Job} is the
 * entry point of a unit of work; the runtime binds each submitted job to the namespace that is current at
 * that moment (a snapshot {module name -> version}) and runs it on a virtual thread. The job's view never
 * changes: every class it loads, at any later time, comes from that snapshot, however many newer versions
 * have been deployed since. New code reaches work only as a new job.
 *
 * <h2>What crosses the namespace boundary safely</h2>
 * Classes of the platform layer (the JDK, this package, the supervisor library, Mutiny, JBoss Logging and
 * any configured shared packages) are the same classes in every namespace, so their instances can be passed
 * in and out freely: job arguments are strings, and a job's result should be a platform type (a
 * {@code String}, a record of JDK types, a {@code Map}...). A result that is an instance of a module class
 * works, but it keeps its namespace's class loader alive for as long as the caller holds it, and it is a
 * different class from the same-named class of another version.
 */
package io.modulets.api;
