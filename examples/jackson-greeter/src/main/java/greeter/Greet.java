package greeter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modulets.api.Job;
import io.modulets.api.JobContext;

/**
 * Greets the job's argument {@code name} and returns the greeting as JSON:
 * {@code {"to":"Ada","text":"Hello, Ada!","by":"greeter 1.0-SNAPSHOT"}}.
 *
 * <p>Submit it with {@code runtime.submit(JobSpec.of("greeter", "greeter.Greet").withArg("name", "Ada"))}. It writes
 * the {@link Greeting} with Jackson and reads it back, so Jackson caches what it learned about this module's
 * classes. Those caches, like Jackson itself, belong to this module version's loader: they go when the JVM collects
 * it, after a newer version has replaced this one and the last job of this one has ended.
 */
public class Greet implements Job<String> {

    /** One mapper per module version: Jackson's classes come from this module's {@code lib/}, not the platform. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Used by the runtime, which makes one instance per job. */
    public Greet() {
    }

    @Override
    public String run(JobContext ctx) throws Exception {
        String name = ctx.arg("name");
        String by = "greeter " + ctx.namespace().versionOf("greeter");
        Greeting greeting = new Greeting(name, "Hello, " + name + "!", by);
        String json = JSON.writeValueAsString(greeting);
        Greeting readBack = JSON.readValue(json, Greeting.class);
        if (!readBack.equals(greeting)) {
            throw new IllegalStateException("Jackson read back " + readBack + " from " + json + ", not " + greeting);
        }
        return json;
    }
}
