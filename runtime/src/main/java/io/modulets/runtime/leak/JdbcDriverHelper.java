package io.modulets.runtime.leak;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Calls {@code DriverManager} as code of a module would: {@link JdbcDrivers} has each retiring loader define this
 * class again ({@code ModuleClassLoader.defineRuntimeHelper}), since {@code DriverManager} lets a caller see and
 * deregister only the drivers its own loader can load. So this class uses nothing but {@code java.sql} and
 * {@code java.util}, and no lambda nor nested class: any other class it named would be looked up in the module.
 */
final class JdbcDriverHelper {

    private JdbcDriverHelper() {
    }

    /** The registered drivers the caller's loader can see. */
    static List<Driver> registered() {
        List<Driver> drivers = new ArrayList<Driver>();
        for (Enumeration<Driver> e = DriverManager.getDrivers(); e.hasMoreElements(); ) {
            drivers.add(e.nextElement());
        }
        return drivers;
    }

    /** Deregisters {@code driver}. */
    static void deregister(Driver driver) throws SQLException {
        DriverManager.deregisterDriver(driver);
    }
}
