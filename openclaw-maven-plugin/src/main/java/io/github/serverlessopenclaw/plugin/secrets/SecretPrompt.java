package io.github.serverlessopenclaw.plugin.secrets;

import java.io.Console;
import java.util.Optional;

/** Reads one secret from the user without echoing it. */
@FunctionalInterface
public interface SecretPrompt {

    /** The typed value, or null/blank when the user entered nothing. */
    String read(String label);

    /** The terminal's masked prompt, when the JVM has a console (never in CI or with redirected input). */
    static Optional<SecretPrompt> console() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        return Optional.of(label -> {
            char[] typed = console.readPassword("%s: ", label);
            return typed == null ? null : new String(typed);
        });
    }
}
