/**
 * The {@code modulets} command line: {@link io.modulets.cli.Main} parses the command (picocli), a
 * {@code ServerConnection} finds the server of a state folder through its process file and attaches to it as
 * jconsole does (the Attach API and the JVM's local JMX connector: same OS user only, no network port), and each
 * subcommand reads or operates the runtime's MXBean ({@code io.modulets.runtime.jmx}, the only part of the runtime
 * it uses) and prints a table for a person or JSON for a script. Plain Java, no container, so that it starts fast.
 */
package io.modulets.cli;
