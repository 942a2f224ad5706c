package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * MBeans (MXBeans too) of the platform MBean server whose object a retiring loader defined: the server holds them,
 * and so their loader, until they are unregistered. An MBean counts as the loader's when the server names it as
 * its class loader ({@code getClassLoaderFor}); never by its class name, which a live version of the module shares.
 */
final class PlatformMBeans implements Remedy {

    @Override
    public String kind() {
        return "MBeans";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> undone = new ArrayList<>();
        for (ObjectName name : registeredBy(server, loader)) {
            try {
                server.unregisterMBean(name);
                undone.add("unregistered MBean " + name);
            } catch (InstanceNotFoundException gone) {
                // unregistered meanwhile by its own code: nothing left to undo
            } catch (JMException e) {
                throw new IllegalStateException("cannot unregister MBean " + name + " of " + loader.module() + ": " + e, e);
            }
        }
        return undone;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> holders = new ArrayList<>();
        for (ObjectName name : registeredBy(ManagementFactory.getPlatformMBeanServer(), loader)) {
            holders.add("MBean " + name + " is registered in the platform MBean server");
        }
        return holders;
    }

    private static List<ObjectName> registeredBy(MBeanServer server, ModuleClassLoader loader) {
        List<ObjectName> mine = new ArrayList<>();
        for (ObjectName name : server.queryNames(null, null)) {
            try {
                if (server.getClassLoaderFor(name) == loader) { // never by class name: a live version has the same names
                    mine.add(name);
                }
            } catch (InstanceNotFoundException gone) {
                // unregistered since the query
            }
        }
        return mine;
    }
}
