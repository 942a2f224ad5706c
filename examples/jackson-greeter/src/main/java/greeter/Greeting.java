package greeter;

/**
 * What {@link Greet} answers, as JSON: a class of this module, which Jackson (bundled in this module's jar)
 * introspects and caches.
 *
 * @param to who is greeted
 * @param text the greeting
 * @param by the module and version that greeted, {@code greeter 1.0-SNAPSHOT}
 */
public record Greeting(String to, String text, String by) {
}
