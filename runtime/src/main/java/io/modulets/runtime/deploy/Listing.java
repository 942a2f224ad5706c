package io.modulets.runtime.deploy;

import java.util.List;

/** Lists for log lines and reasons, as a person writes them: {@code a}, {@code a and b}, {@code a, b and c}. */
final class Listing {

    private Listing() {
    }

    /** {@code items} joined with commas, the last one with "and". */
    static String of(List<String> items) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                joined.append(i == items.size() - 1 ? " and " : ", ");
            }
            joined.append(items.get(i));
        }
        return joined.toString();
    }
}
