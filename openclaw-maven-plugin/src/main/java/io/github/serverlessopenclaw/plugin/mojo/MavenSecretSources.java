package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.secrets.SecretPrompt;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** Where the goals that write secrets (secrets, deploy) look for values, in Maven's terms. */
final class MavenSecretSources {
    private MavenSecretSources() {
    }

    /**
     * settings.xml servers (decrypted), the environment, {@code -D} properties, and a masked prompt when Maven
     * is interactive. {@code prompt} and {@code environment} are test stand-ins; null means the real ones.
     */
    static SecretSources of(Settings settings, MavenSession session, SettingsDecrypter decrypter, SecretPrompt prompt,
                            Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>();
        putAll(properties, System.getProperties());
        if (session != null) {
            putAll(properties, session.getSystemProperties());
            putAll(properties, session.getUserProperties());
        }
        boolean interactive = settings == null || settings.isInteractiveMode();
        Optional<SecretPrompt> terminal = !interactive ? Optional.empty()
                : prompt != null ? Optional.of(prompt) : SecretPrompt.console();
        return new SecretSources(SettingsServers.passwords(settings, decrypter), environment != null ? environment : System.getenv(),
                properties, terminal);
    }

    private static void putAll(Map<String, String> into, Properties properties) {
        properties.stringPropertyNames().forEach(name -> into.put(name, properties.getProperty(name)));
    }
}
