package io.github.serverlessopenclaw.plugin.users;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a new user's password comes from: given ({@code -Dopenclaw.password}), typed at a masked prompt when
 * a terminal is attached, or generated (batch mode), in which case it must be shown to the user once.
 */
public record PasswordChoice(String password, boolean generated) {

    /** Reads one line without echo (a terminal's readPassword). */
    @FunctionalInterface
    public interface MaskedPrompt {
        char[] read(String message);
    }

    public static PasswordChoice choose(Optional<String> given, Optional<MaskedPrompt> prompt, String email,
            PasswordPolicy policy, SecureRandom random) {
        if (given.isPresent() && !given.get().isEmpty()) {
            return new PasswordChoice(given.get(), false);
        }
        if (prompt.isPresent()) {
            char[] first = prompt.get().read("Password for " + email + " (" + policy.describe()
                    + "; empty to generate one): ");
            if (first == null || first.length == 0) {
                return new PasswordChoice(policy.generate(random), true);
            }
            char[] second = prompt.get().read("Repeat the password: ");
            try {
                if (!Arrays.equals(first, second)) {
                    throw new ConfigurationException("The two passwords differ: run the goal again");
                }
                return new PasswordChoice(new String(first), false);
            } finally {
                Arrays.fill(first, '\0');
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
        return new PasswordChoice(policy.generate(random), true);
    }
}
