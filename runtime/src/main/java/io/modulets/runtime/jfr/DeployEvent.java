package io.modulets.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A module version became part of a new current namespace; emitted by the deployer, on the control thread. */
@Name("io.modulets.Deploy")
@Label("Deploy")
@Category("Modulets")
@Description("A module version became part of a new current namespace")
@StackTrace(false)
public final class DeployEvent extends Event {

    @Label("Module")
    String module;

    @Label("Version")
    String version;

    @Label("Digest")
    @Description("SHA-256 of the jar, lower-case hex")
    String digest;

    @Label("Namespace")
    @Description("The id of the namespace it became part of")
    String namespace;

    @Label("Deploy Time")
    @Description("From the start of the deploy round (staging, validation, namespace creation) to the promotion")
    @Timespan(Timespan.NANOSECONDS)
    long deployTime;

    private DeployEvent() {
    }

    /** Emits one deploy, if a recording takes this event. {@code deployNanos} is the deploy's duration. */
    public static void commit(String module, String version, String digest, String namespace, long deployNanos) {
        DeployEvent event = new DeployEvent();
        if (event.shouldCommit()) {
            event.module = module;
            event.version = version;
            event.digest = digest;
            event.namespace = namespace;
            event.deployTime = deployNanos;
            event.commit();
        }
    }
}
