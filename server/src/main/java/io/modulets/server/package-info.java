/**
 * The standalone {@code modulets} server: a Quarkus (core) application that runs the runtime on a folder, configured
 * by its {@code application.properties}, environment variables, system properties and command-line options (one per
 * setting of {@link io.modulets.runtime.quarkus.ModuletsConfig} and {@link io.modulets.server.ServerConfig}).
 * Before anything starts it checks the settings, refuses a watched folder other users can write to, locks the state
 * folder against a second server and opens the JMX port if one is asked for; on SIGTERM it drains and exits 0.
 */
package io.modulets.server;
