package io.modulets.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code modulets --version}: the version of this build, from the jar's manifest when there is one. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"modulets " + (version == null ? "(development build)" : version)};
    }
}
