package io.github.serverlessopenclaw.plugin.secrets;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.util.Map;
import java.util.Optional;

/**
 * Where secret values come from, in precedence order: settings.xml servers ({@code openclaw-<name>},
 * passwords already decrypted by the caller), environment variables, {@code -Dopenclaw.secret.<name>}
 * properties, and last, in an interactive terminal, a masked prompt.
 *
 * @param servers     settings.xml server id → resolved password (only {@code openclaw-*} ids matter)
 * @param environment environment variables
 * @param properties  user and system properties
 * @param prompt      present only in an interactive terminal
 */
public record SecretSources(
        Map<String, String> servers,
        Map<String, String> environment,
        Map<String, String> properties,
        Optional<SecretPrompt> prompt) {

    /** Prefix of the {@code -D} property that supplies a secret: {@code -Dopenclaw.secret.anthropic-api-key=…}. */
    public static final String PROPERTY_PREFIX = PropertyNames.SECRET_PREFIX;
    /** Prefix of the settings.xml {@code <server>} id that supplies a secret: {@code openclaw-anthropic-api-key}. */
    public static final String SERVER_ID_PREFIX = "openclaw-";

    public SecretSources {
        servers = Map.copyOf(servers);
        environment = Map.copyOf(environment);
        properties = Map.copyOf(properties);
    }

    public static String property(Secret secret) {
        return PROPERTY_PREFIX + secret.secretName();
    }

    public static String serverId(Secret secret) {
        return SERVER_ID_PREFIX + secret.secretName();
    }

    /** No values anywhere and no terminal (batch mode with nothing configured). */
    public static SecretSources none() {
        return new SecretSources(Map.of(), Map.of(), Map.of(), Optional.empty());
    }

    public SecretSources withPrompt(SecretPrompt other) {
        return new SecretSources(servers, environment, properties, Optional.of(other));
    }

    /** How a value was found; shown next to the secret (never the value itself). */
    public enum Origin {
        SETTINGS,
        ENVIRONMENT,
        PROPERTY,
        PROMPT
    }

    /** A value and where it came from. {@code toString} hides the value. */
    public record Supplied(String value, Origin origin, String where) {
        @Override
        public String toString() {
            return "Supplied[from " + where + "]";
        }
    }

    /** The first non-blank value among settings.xml, environment and properties (the prompt is asked separately). */
    public Optional<Supplied> find(Secret secret) {
        return find(serverId(secret), secret.envVar(), property(secret));
    }

    /** The same lookup for a value that is not one of the deployment's secrets (a user's password). */
    public Optional<Supplied> find(String serverId, String envVar, String property) {
        return nonBlank(servers.get(serverId))
                .map(v -> new Supplied(v, Origin.SETTINGS, "settings.xml server " + serverId))
                .or(() -> nonBlank(environment.get(envVar))
                        .map(v -> new Supplied(v, Origin.ENVIRONMENT, "environment " + envVar)))
                .or(() ->
                        nonBlank(properties.get(property)).map(v -> new Supplied(v, Origin.PROPERTY, "-D" + property)));
    }

    /** Asks in the terminal, if there is one. */
    public Optional<Supplied> ask(Secret secret) {
        return prompt.flatMap(p -> nonBlank(p.read(secret.secretName() + " (input hidden)")))
                .map(v -> new Supplied(v, Origin.PROMPT, "prompt"));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The four ways to supply a secret, for failure messages. */
    public static String fourWays(Secret secret) {
        return "(1) a <server> in ~/.m2/settings.xml with <id>" + serverId(secret) + "</id> and the value as <password>"
                + " (mvn --encrypt-password encrypts it), (2) the environment variable " + secret.envVar()
                + ", (3) -D" + property(secret)
                + "=… (lands in your shell history), or (4) run without -B in a terminal"
                + " to be prompted";
    }
}
