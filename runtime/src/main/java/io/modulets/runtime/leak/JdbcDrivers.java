package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;

/**
 * JDBC drivers whose class a retiring loader defined (of the module's own jar or of a jar it bundles), registered
 * in {@code DriverManager}: its {@code registeredDrivers} holds them, and so their loader, for good. They are
 * deregistered from code defined in that loader ({@link JdbcDriverHelper}), as Tomcat's
 * {@code JdbcLeakPrevention} does, since {@code DriverManager} checks its caller's loader. A loader that defined
 * no {@link Driver} class is not touched (no helper is defined in it).
 */
final class JdbcDrivers implements Remedy {

    @Override
    public String kind() {
        return "JDBC drivers";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> undone = new ArrayList<>();
        for (Driver driver : registeredBy(loader)) {
            call(loader, "deregister", driver);
            undone.add("deregistered JDBC driver " + Origin.named(driver.getClass(), loader));
        }
        return undone;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> holders = new ArrayList<>();
        for (Driver driver : registeredBy(loader)) {
            holders.add("JDBC driver " + Origin.named(driver.getClass(), loader) + " is registered in DriverManager");
        }
        return holders;
    }

    /** The registered drivers whose class {@code loader} defined; empty at once if it defined no driver class. */
    private static List<Driver> registeredBy(ModuleClassLoader loader) {
        if (loader.definedClasses().stream().noneMatch(Driver.class::isAssignableFrom)) {
            return List.of();
        }
        List<Driver> mine = new ArrayList<>();
        for (Object driver : (List<?>) call(loader, "registered", null)) {
            if (Origin.definedBy(driver, loader)) {
                mine.add((Driver) driver);
            }
        }
        return mine;
    }

    /** Calls {@code JdbcDriverHelper.<method>} as defined in {@code loader}, with {@code driver} if not null. */
    private static Object call(ModuleClassLoader loader, String method, Driver driver) {
        Class<?> helper = loader.defineRuntimeHelper(JdbcDriverHelper.class);
        try {
            Method m = driver == null ? helper.getDeclaredMethod(method) : helper.getDeclaredMethod(method, Driver.class);
            m.setAccessible(true);
            return driver == null ? m.invoke(null) : m.invoke(null, driver);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("DriverManager failed in " + method + " for " + loader.module() + ": "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call the JDBC helper defined in " + loader.module() + ": " + e, e);
        }
    }
}
