/**
 * The Quarkus integration: {@code @Inject ModuletRuntime} in a Quarkus application, built from {@code modulets.*}
 * configuration ({@link io.modulets.runtime.quarkus.ModuletsConfig}), started at startup, drained and closed at
 * shutdown.
 */
package io.modulets.runtime.quarkus;
