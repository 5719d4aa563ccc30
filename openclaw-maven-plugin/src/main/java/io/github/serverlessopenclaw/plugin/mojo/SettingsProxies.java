package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The active {@code <proxy>} of settings.xml as the JVM's proxy properties ({@code http.proxyHost}, {@code https.proxyHost},
 * their port, user, password and {@code http.nonProxyHosts}), as jib-maven-plugin does: every HTTP client the plugin
 * and Jib use reads them (the AWS SDK's clients, Jib's, the JDK's HttpClient through its default proxy selector, npm
 * through its environment). A property already given with {@code -D} wins.
 */
final class SettingsProxies {
    static final List<String> PROTOCOLS = List.of("http", "https");

    private SettingsProxies() {}

    static void activate(Settings settings, SettingsDecrypter decrypter, Properties system) {
        List<Proxy> active = settings == null
                ? List.of()
                : settings.getProxies().stream().filter(Proxy::isActive).toList();
        if (active.isEmpty()) {
            return;
        }
        List<Proxy> decrypted = active;
        if (decrypter != null) {
            SettingsDecryptionResult result =
                    decrypter.decrypt(new DefaultSettingsDecryptionRequest().setProxies(active));
            checkProblems(result.getProblems());
            decrypted = result.getProxies();
        }
        List<Proxy> proxies = decrypted;
        for (String protocol : PROTOCOLS) {
            if (system.getProperty(protocol + ".proxyHost") != null) {
                continue;
            }
            // a proxy for this protocol, else the first one: Maven itself sends https through an http <proxy>
            Optional<Proxy> chosen = proxies.stream()
                    .filter(p -> protocol.equalsIgnoreCase(p.getProtocol()))
                    .findFirst()
                    .or(() -> proxies.stream().findFirst());
            chosen.ifPresent(proxy -> {
                set(system, protocol + ".proxyHost", proxy.getHost());
                set(system, protocol + ".proxyPort", String.valueOf(proxy.getPort()));
                set(system, protocol + ".proxyUser", proxy.getUsername());
                set(system, protocol + ".proxyPassword", proxy.getPassword());
                if (system.getProperty("http.nonProxyHosts") == null) {
                    set(system, "http.nonProxyHosts", proxy.getNonProxyHosts());
                }
            });
        }
    }

    private static void set(Properties system, String name, String value) {
        if (value != null && !value.isBlank()) {
            system.setProperty(name, value);
        }
    }

    /** A proxy password that cannot be decrypted is a configuration error, named as such. */
    private static void checkProblems(List<SettingsProblem> problems) {
        for (SettingsProblem problem : problems) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new ConfigurationException(problem.getMessage()
                        + " (settings.xml proxy); check the master password in" + " ~/.m2/settings-security.xml");
            }
        }
    }
}
