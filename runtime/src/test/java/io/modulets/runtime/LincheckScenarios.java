package io.modulets.runtime;

import java.lang.reflect.Method;
import java.util.List;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.kotlinx.lincheck.Actor;

/** For the model-checked tests: the actors of a fixed scenario, named by their test class's operations. */
public final class LincheckScenarios {

    private LincheckScenarios() {
    }

    /** An actor calling the {@code @Operation} method {@code operation} of {@code test} with {@code arguments}. */
    public static Actor actor(Class<?> test, String operation, Object... arguments) {
        for (Method method : test.getMethods()) {
            if (method.getName().equals(operation) && method.isAnnotationPresent(Operation.class)) {
                return new Actor(method, List.of(arguments), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + operation + " in " + test.getName());
    }
}
