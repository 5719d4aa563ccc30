package io.github.serverlessopenclaw.plugin.mojo;

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
    private SettingsServers() {
    }

    static Map<String, String> passwords(Settings settings, SettingsDecrypter decrypter) {
        List<Server> ours = settings == null ? List.of()
                : settings.getServers().stream().filter(s -> s.getId() != null && s.getId().startsWith(SecretSources.SERVER_ID_PREFIX)).toList();
        if (ours.isEmpty()) {
            return Map.of();
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest().setServers(ours));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new ConfigurationException(problem.getMessage() + " (settings.xml " + problem.getSource() + "); check the master"
                        + " password in ~/.m2/settings-security.xml (mvn --encrypt-master-password) or re-encrypt with mvn --encrypt-password");
            }
        }
        Map<String, String> passwords = new HashMap<>();
        for (Server server : result.getServers()) {
            if (server.getPassword() != null) {
                passwords.put(server.getId(), server.getPassword());
            }
        }
        return passwords;
    }
}
