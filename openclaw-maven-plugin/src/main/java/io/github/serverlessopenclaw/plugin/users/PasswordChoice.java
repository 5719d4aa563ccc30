package io.github.serverlessopenclaw.plugin.users;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.secrets.SecretPrompt;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Where a new user's password comes from: given (settings.xml server {@value #SERVER_ID}, environment
 * {@value #ENV_VAR} or {@code -D}{@value #PROPERTY}), typed at a masked prompt when a terminal is attached, or
 * generated (batch mode), in which case it is written to a file only the owner can read, never to the log.
 */
public record PasswordChoice(String password, boolean generated) {
    public static final String SERVER_ID = "openclaw-user-password";
    public static final String ENV_VAR = "OPENCLAW_USER_PASSWORD";
    /** Read as a user property, not a mojo parameter, so {@code mvn -X} does not print it. */
    public static final String PROPERTY = PropertyNames.PASSWORD;

    @Override
    public String toString() {
        return "PasswordChoice[generated=" + generated + "]";
    }

    public static PasswordChoice choose(
            Optional<String> given,
            Optional<SecretPrompt> prompt,
            String email,
            PasswordPolicy policy,
            SecureRandom random) {
        if (given.isPresent() && !given.get().isEmpty()) {
            return new PasswordChoice(given.get(), false);
        }
        if (prompt.isPresent()) {
            String first =
                    prompt.get().read("Password for " + email + " (" + policy.describe() + "; empty to generate one)");
            if (first == null || first.isEmpty()) {
                return new PasswordChoice(policy.generate(random), true);
            }
            if (!first.equals(prompt.get().read("Repeat the password"))) {
                throw new ConfigurationException("The two passwords differ: run the goal again");
            }
            return new PasswordChoice(first, false);
        }
        return new PasswordChoice(policy.generate(random), true);
    }
}
