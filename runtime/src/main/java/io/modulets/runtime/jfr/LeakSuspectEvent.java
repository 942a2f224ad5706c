package io.modulets.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A retired module version's class loader was still reachable after the leak deadline. */
@Name("io.modulets.LeakSuspect")
@Label("Leak Suspect")
@Category("Modulets")
@Description("A retired module version's class loader was still reachable after the leak deadline")
@StackTrace(false)
final class LeakSuspectEvent extends Event {

    @Label("Module")
    String module;

    @Label("Version")
    String version;

    @Label("Since Retirement")
    @Description("How long the loader had been retired when the leak was suspected")
    @Timespan(Timespan.NANOSECONDS)
    long afterRetire;

    @Label("Cause")
    @Description("What holds the loader, as far as the runtime found it")
    String cause;
}
