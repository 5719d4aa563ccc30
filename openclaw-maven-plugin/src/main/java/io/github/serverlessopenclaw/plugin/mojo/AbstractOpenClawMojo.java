package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.DeployException;
import io.github.serverlessopenclaw.plugin.secrets.SecretPrompt;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import java.io.Console;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Parameters every goal shares, and the one place where a user error becomes a clear failure message
 * instead of a stack trace. Subclasses implement {@link #run()} by calling plain services.
 */
public abstract class AbstractOpenClawMojo extends AbstractMojo {

    /** AWS region; defaults to the SDK's chain (AWS_REGION, the profile's region). */
    @Parameter(property = PropertyNames.REGION)
    protected String region;

    /** Named profile from ~/.aws/config (SSO profiles included); defaults to the SDK's credential chain. */
    @Parameter(property = PropertyNames.PROFILE)
    protected String profile;

    /** Endpoint override for every AWS service (an emulator such as moto in tests). */
    @Parameter(property = PropertyNames.ENDPOINT)
    protected String endpoint;

    /** Name every physical resource derives from; two names deploy side by side in one account. */
    @Parameter(property = PropertyNames.APP_NAME, defaultValue = AppNames.DEFAULT_APP_NAME)
    protected String appName;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Component
    private SettingsDecrypter decrypter;

    /** Stand-ins for the terminal and the environment in tests; null means the real ones. */
    private SecretPrompt prompt;
    private Map<String, String> environment;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        try {
            run();
        } catch (ConfigurationException | DeployException | IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (SdkException e) {
            getLog().debug(e);
            throw new MojoFailureException("An AWS call failed: " + e.getMessage() + " (run with -X for details)");
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    protected AwsSettings awsSettings() {
        return AwsSettings.of(region, profile, endpoint);
    }

    protected AwsClients awsClients() {
        return new AwsClients(awsSettings());
    }

    protected AppNames appNames() {
        return new AppNames(appName);
    }

    /**
     * Where the goals that write secrets (secrets, deploy) find values: settings.xml servers (decrypted), the
     * environment, {@code -D} properties, and a masked prompt when Maven is interactive.
     */
    protected SecretSources secretSources() {
        Map<String, String> properties = new HashMap<>();
        putAll(properties, System.getProperties());
        if (session != null) {
            putAll(properties, session.getSystemProperties());
            putAll(properties, session.getUserProperties());
        }
        return new SecretSources(SettingsServers.passwords(settings, decrypter), environment != null ? environment : System.getenv(),
                properties, terminalPrompt());
    }

    /** The masked prompt, only when Maven is interactive and a terminal is attached (never with {@code -B}). */
    protected Optional<SecretPrompt> terminalPrompt() {
        boolean interactive = settings == null || settings.isInteractiveMode();
        return !interactive ? Optional.empty() : prompt != null ? Optional.of(prompt) : SecretPrompt.console();
    }

    /**
     * A visible question in the terminal (the answer is echoed), only when Maven is interactive and a terminal is
     * attached; tests use the same stand-in as {@link #terminalPrompt()}.
     */
    protected Optional<SecretPrompt> terminalQuestion() {
        boolean interactive = settings == null || settings.isInteractiveMode();
        if (!interactive) {
            return Optional.empty();
        }
        if (prompt != null) {
            return Optional.of(prompt);
        }
        Console console = System.console();
        return console == null ? Optional.empty() : Optional.of(label -> console.readLine("%s: ", label));
    }

    private static void putAll(Map<String, String> into, Properties properties) {
        properties.stringPropertyNames().forEach(name -> into.put(name, properties.getProperty(name)));
    }

    /** The non-blank, trimmed items of a list parameter ({@code a, b}); empty for an unset one. */
    protected static List<String> split(String value, String separator) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(separator)).map(String::trim)
                .filter(s -> !s.isEmpty()).distinct().toList();
    }
}
