package io.modulets.supervisor;

import java.util.List;

/**
 * The result of a restart decision: the supervisor's next state and what its shell must do to the threads.
 *
 * @param state  the new state, already reflecting the action
 * @param action what to do
 */
record Decision(SupervisorState state, Action action) {

    /** What the shell does after a decision. */
    sealed interface Action {
    }

    /** Nothing: the exit is recorded and no thread needs touching. */
    record Continue() implements Action {
    }

    /**
     * Start these children for the first time, in this order.
     *
     * @param start child ids in start order
     */
    record Start(List<String> start) implements Action {
        Start {
            start = List.copyOf(start);
        }
    }

    /**
     * Stop these running children (in this order), then start these (in this order).
     *
     * @param stop  child ids in stop order (reverse start order)
     * @param start child ids in start order
     */
    record Restart(List<String> stop, List<String> start) implements Action {
        Restart {
            stop = List.copyOf(stop);
            start = List.copyOf(start);
        }
    }

    /**
     * Stop these running children (in this order) and end the supervisor with {@code reason}.
     *
     * @param reason the supervisor's exit reason
     * @param stop   child ids in stop order (reverse start order)
     */
    record Terminate(ExitReason reason, List<String> stop) implements Action {
        Terminate {
            stop = List.copyOf(stop);
        }
    }

    static final Continue CONTINUE = new Continue();
}
