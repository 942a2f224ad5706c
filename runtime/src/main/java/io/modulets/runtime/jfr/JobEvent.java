package io.modulets.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A job ended; emitted on the thread that ended it. Only jobs submitted while a recording took this event are
 * timed, so only they are emitted: the submit path asks {@link #isRecorded()} first and reads the clock only then.
 */
@Name("io.modulets.Job")
@Label("Job")
@Category("Modulets")
@Description("A job ended (its body and every worker)")
@StackTrace(false)
public final class JobEvent extends Event {

    /** This event's type, or null where the JVM has no flight recorder: then it is never recorded. */
    private static final EventType TYPE = typeOrNull();

    @Label("Job Id")
    String jobId;

    @Label("Module")
    String module;

    @Label("Version")
    @Description("The version of the job's module in the namespace it ran in")
    String version;

    @Label("Job Class")
    String jobClass;

    @Label("Outcome")
    @Description("SUCCEEDED, FAILED, CANCELLED or TIMED_OUT")
    String outcome;

    @Label("Failure")
    @Description("The first line of the failure of a job that did not succeed, else null")
    String failure;

    @Label("Job Time")
    @Description("From submit to the end of the job's body and every worker")
    @Timespan(Timespan.NANOSECONDS)
    long jobTime;

    private JobEvent() {
    }

    private static EventType typeOrNull() {
        try {
            return EventType.getEventType(JobEvent.class);
        } catch (InternalError | RuntimeException unavailable) { // "Flight Recorder is not supported on this VM"
            return null;
        }
    }

    /** Whether a recording takes this event now: a read of a flag, no allocation. */
    public static boolean isRecorded() {
        EventType type = TYPE;
        return type != null && type.isEnabled();
    }

    /**
     * Emits one job's end, if a recording takes this event.
     *
     * @param failure the first line of the job's failure, or null
     * @param jobNanos the job's time from submit to end
     */
    public static void commit(String jobId, String module, String version, String jobClass, String outcome,
            String failure, long jobNanos) {
        JobEvent event = new JobEvent();
        if (event.shouldCommit()) {
            event.jobId = jobId;
            event.module = module;
            event.version = version;
            event.jobClass = jobClass;
            event.outcome = outcome;
            event.failure = failure;
            event.jobTime = jobNanos;
            event.commit();
        }
    }


}
