package io.modulets.runtime.deploy;

import java.util.List;

/**
 * The result of a deploy-policy function: the next state, and what the shell must do, in order.
 *
 * @param state the new state, already reflecting the actions
 * @param actions what the shell carries out, in this order
 */
record Decision(DeployState state, List<Action> actions) {

    Decision {
        actions = List.copyOf(actions);
    }
}
