package io.modulets.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** No live namespace uses a module version's class loader any more; the reaper now watches for its collection. */
@Name("io.modulets.Retirement")
@Label("Retirement")
@Category("Modulets")
@Description("No live namespace uses a module version's class loader any more")
@StackTrace(false)
final class RetirementEvent extends Event {

    @Label("Module")
    String module;

    @Label("Version")
    String version;

    @Label("Undone")
    @Description("What the runtime undid of what the version's code left behind, one phrase each, joined by \"; \"")
    String undone;
}
