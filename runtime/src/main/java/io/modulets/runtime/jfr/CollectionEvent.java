package io.modulets.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The JVM collected a retired module version's class loader. */
@Name("io.modulets.Collection")
@Label("Collection")
@Category("Modulets")
@Description("The JVM collected a retired module version's class loader, and with it its classes")
@StackTrace(false)
final class CollectionEvent extends Event {

    @Label("Module")
    String module;

    @Label("Version")
    String version;

    @Label("Time to Collect")
    @Description("From the loader's retirement to its collection")
    @Timespan(Timespan.NANOSECONDS)
    long afterRetire;

    @Label("Suspected Before")
    @Description("Whether a leak was suspected for this loader first")
    boolean suspectedBefore;
}
