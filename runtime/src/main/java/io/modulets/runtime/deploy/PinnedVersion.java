package io.modulets.runtime.deploy;

import java.util.Objects;

/**
 * An operator's pin of a module, as a {@link Source}: its entry is the pinned version from history, and it outranks
 * every arrival, so the pinned version is current whatever the folder offers, as long as what it requires is there
 * (rule 5). It lives in {@link DeployState#pins()}, not among the sources a folder listing updates.
 *
 * @param module the pinned module's name
 */
record PinnedVersion(String module) implements Source {

    PinnedVersion {
        Objects.requireNonNull(module, "module");
    }

    @Override
    public String describe() {
        return "the pin of " + module;
    }
}
