package io.github.serverlessopenclaw.plugin.mojo;

import com.google.cloud.tools.jib.api.Credential;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The {@code openclaw-*} servers of settings.xml with their passwords decrypted the way Maven does
 * ({@code mvn --encrypt-password}, master password in settings-security.xml), handed to the plain
 * secrets service as resolved values.
 */
final class SettingsServers {
    private SettingsServers() {}

    /**
     * Every other server with a username and a password, by id: a registry's credentials when the id is its host
     * ({@code host[:port]}), as jib-maven-plugin reads them.
     */
    static Map<String, Credential> registries(Settings settings, SettingsDecrypter decrypter) {
        List<Server> candidates = settings == null
                ? List.of()
                : settings.getServers().stream()
                        .filter(s -> s.getId() != null && !s.getId().startsWith(SecretSources.SERVER_ID_PREFIX))
                        .filter(s -> s.getUsername() != null && s.getPassword() != null)
                        .toList();
        Map<String, Credential> registries = new HashMap<>();
        for (Server server : decrypt(candidates, decrypter)) {
            registries.put(server.getId(), Credential.from(server.getUsername(), server.getPassword()));
        }
        return registries;
    }

    static Map<String, String> passwords(Settings settings, SettingsDecrypter decrypter) {
        List<Server> ours = settings == null
                ? List.of()
                : settings.getServers().stream()
                        .filter(s -> s.getId() != null && s.getId().startsWith(SecretSources.SERVER_ID_PREFIX))
                        .toList();
        if (ours.isEmpty()) {
            return Map.of();
        }
        Map<String, String> passwords = new HashMap<>();
        for (Server server : decrypt(ours, decrypter)) {
            if (server.getPassword() != null) {
                passwords.put(server.getId(), server.getPassword());
            }
        }
        return passwords;
    }

    private static List<Server> decrypt(List<Server> servers, SettingsDecrypter decrypter) {
        if (servers.isEmpty() || decrypter == null) {
            return servers;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest().setServers(servers));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new ConfigurationException(
                        problem.getMessage() + " (settings.xml " + problem.getSource() + "); check the master"
                                + " password in ~/.m2/settings-security.xml (mvn --encrypt-master-password) or re-encrypt with mvn --encrypt-password");
            }
        }
        return result.getServers();
    }
}
