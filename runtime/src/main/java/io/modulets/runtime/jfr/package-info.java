/**
 * Flight-recorder events of the runtime's life, for JDK Mission Control and {@code jdk.jfr.consumer}: deploys,
 * rejections, retirements, collections, leak suspects and jobs, in category "Modulets", named {@code io.modulets.*}.
 *
 * <p>Cost: with no recording of an event, emitting it is a check of its enabled flag; the job path takes no clock
 * reading and makes no object for it ({@link JobEvent#isRecorded()}).
 *
 * <p><b>Internal</b>: not part of Modulets' API. Types here are public only where a sibling package uses them
 * (checked by {@code ArchitectureTest}); users use {@code io.modulets.runtime} and its Quarkus integration.
 * The event names and fields are the public part, listed in README.
 */
package io.modulets.runtime.jfr;
