package io.modulets.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A jar was not accepted; the current namespace is unchanged. */
@Name("io.modulets.Rejection")
@Label("Rejection")
@Category("Modulets")
@Description("A jar was not accepted; the current namespace is unchanged")
@StackTrace(false)
final class RejectionEvent extends Event {

    @Label("File")
    String file;

    @Label("Reason")
    @Description("Why, and how to fix it")
    String reason;
}
