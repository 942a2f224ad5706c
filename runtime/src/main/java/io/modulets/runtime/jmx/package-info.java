/**
 * The runtime's MBeans: the runtime, each module of the current namespace and each live namespace, registered in
 * the platform MBean server on start (setting {@code jmx}), so jconsole, JDK Mission Control and the
 * {@code modulets} CLI see and operate it. Public are what a client compiles against (the MXBean interfaces, their
 * {@link io.modulets.runtime.jmx.Rows} and the {@link io.modulets.runtime.jmx.ProcessFile}) and
 * {@link io.modulets.runtime.jmx.JmxExport}, which the runtime drives; the MBeans themselves are package-private and
 * use only {@link io.modulets.runtime.ModuletRuntime}'s public methods.
 */
package io.modulets.runtime.jmx;
