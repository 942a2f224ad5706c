/**
 * The runtime's MBeans: the runtime, each module of the current namespace and each live namespace, registered in
 * the platform MBean server on start (setting {@code jmx}), so jconsole, JDK Mission Control and the
 * {@code modulets} CLI see and operate it. Only the MXBean interfaces and their rows are public.
 */
package io.modulets.runtime.jmx;
