package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the secrets to SSM SecureString parameters (never through CloudFormation): generates the bridge
 * and gateway tokens (and the Telegram webhook secret) when absent, takes provider keys from settings.xml
 * servers {@code openclaw-<name>}, environment variables, {@code -Dopenclaw.secret.<name>} or a masked
 * prompt. Prints names and fingerprints, never a value.
 */
@Mojo(name = Goals.SECRETS, requiresProject = false, requiresOnline = true, threadSafe = true)
public class SecretsMojo extends AbstractDeploymentMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    /** Replace existing secrets: a name, a comma-separated list, or {@code all}. Generated tokens are generated again. */
    @Parameter(property = PropertyNames.ROTATE)
    private String rotate;

    @Override
    protected void run() {
        SecretsOptions options = SecretsOptions.parse(telegram, providers, kmsKeyId, rotate);
        SecretSources sources = secretSources();
        SecretsReport report;
        getLog().info("openclaw secrets (" + appName + ")");
        // the service prints each secret as it writes it, warnings and restart notices; then the rest of the table
        try (SecretsService service = new SecretsService(awsClients(), appNames())) {
            report = service.apply(options, sources, new MojoDeployLog(getLog()));
        }
        report.entries().stream()
                .filter(entry -> !entry.status().wrote())
                .forEach(entry -> getLog().info("  " + entry.line()));
        getLog().info(report.written() == 0 ? "Nothing written." : report.written() + " parameter(s) written.");
    }
}
