package io.github.serverlessopenclaw.plugin.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.plugin.image.Npm;
import io.github.serverlessopenclaw.plugin.image.PlainRegistry;
import io.github.serverlessopenclaw.testing.LocalRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * settings.xml proxies reach every HTTP client: the mojo turns the active {@code <proxy>} into the JVM's proxy
 * properties (as jib-maven-plugin does), and the plugin's own JDK HTTP client takes them, shown against the real local
 * registry through a counting proxy.
 */
class ProxiesTest {

    private static Proxy proxy(String protocol, int port, boolean active) {
        Proxy proxy = new Proxy();
        proxy.setId("corporate-" + protocol);
        proxy.setProtocol(protocol);
        proxy.setHost("127.0.0.1");
        proxy.setPort(port);
        proxy.setUsername("builder");
        proxy.setPassword("s3cret");
        proxy.setNonProxyHosts("*.internal|10.*");
        proxy.setActive(active);
        return proxy;
    }

    @Test
    void theActiveSettingsProxyBecomesTheJvmProxyForHttpAndHttpsAndAGivenPropertyWins() {
        Settings settings = new Settings();
        settings.addProxy(proxy("http", 1111, false));
        settings.addProxy(proxy("http", 3128, true));
        Properties system = new Properties();
        SettingsProxies.activate(settings, null, system);
        assertThat(system)
                .containsEntry("http.proxyHost", "127.0.0.1")
                .containsEntry("http.proxyPort", "3128")
                .containsEntry("https.proxyHost", "127.0.0.1")
                .containsEntry("https.proxyPort", "3128")
                .containsEntry("https.proxyUser", "builder")
                .containsEntry("https.proxyPassword", "s3cret")
                .containsEntry("http.nonProxyHosts", "*.internal|10.*");

        Properties given = new Properties();
        given.setProperty("https.proxyHost", "proxy.example");
        SettingsProxies.activate(settings, null, given);
        assertThat(given)
                .containsEntry("https.proxyHost", "proxy.example")
                .doesNotContainKey("https.proxyPort")
                .containsEntry("http.proxyPort", "3128");

        Properties none = new Properties();
        SettingsProxies.activate(new Settings(), null, none);
        assertThat(none).isEmpty();
    }

    @Test
    void npmGetsTheSameProxyThroughItsEnvironment() {
        Properties system = new Properties();
        system.setProperty("https.proxyHost", "proxy.example");
        system.setProperty("https.proxyPort", "3128");
        system.setProperty("https.proxyUser", "a b");
        system.setProperty("https.proxyPassword", "p@ss");
        system.setProperty("http.nonProxyHosts", "*.internal|localhost");
        assertThat(Npm.proxyEnvironment(system))
                .isEqualTo(Map.of(
                        "npm_config_https_proxy", "http://a+b:p%40ss@proxy.example:3128",
                        "npm_config_noproxy", ".internal,localhost"));
    }

    @Test
    void theRegistryClientGoesThroughTheSettingsProxy() throws Exception {
        String registry = LocalRegistry.get().address();
        Properties saved = (Properties) System.getProperties().clone();
        try (CountingProxy counting = new CountingProxy()) {
            Settings settings = new Settings();
            Proxy proxy = proxy("http", counting.port(), true);
            proxy.setUsername(null);
            proxy.setPassword(null);
            proxy.setNonProxyHosts(null);
            settings.addProxy(proxy);
            for (String name : new String[] {
                "http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort", "http.nonProxyHosts"
            }) {
                System.clearProperty(name);
            }
            SettingsProxies.activate(settings, null, System.getProperties());
            System.setProperty("http.nonProxyHosts", ""); // the JDK never proxies loopback unless this is empty

            assertThat(new PlainRegistry(registry, "proxied", true).existingDigest("no-such-tag"))
                    .isEmpty();
            assertThat(counting.requests())
                    .anyMatch(line -> line.matches(
                            "(HEAD|GET) http://" + registry + "/v2/proxied/manifests/no-such-tag HTTP/1.1"));
        } finally {
            System.setProperties(saved);
        }
    }
}
