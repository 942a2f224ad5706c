package io.modulets.cli;

/** Digests for a person: the first 12 hex digits, as the runtime writes them in namespace names. */
final class Digests {

    private Digests() {
    }

    static String brief(String digest) {
        return digest == null ? "" : digest.substring(0, Math.min(12, digest.length()));
    }
}
