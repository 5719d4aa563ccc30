package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.image.RegistryCredentials;
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
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Parameters every goal shares, and the mojo boundary: skipping, running account-level goals once per build, and
 * turning every failure into one sentence with its fix ({@link HelpfulSuggestions}), the cause kept for {@code -e}.
 * Subclasses implement {@link #run()} by calling plain services.
 */
public abstract class AbstractOpenClawMojo extends AbstractMojo {

    /** Skip this goal (as {@code jib.skip}); lifecycle goals also have their own switch, such as openclaw.deploy.skip. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    protected boolean skip;

    /** AWS region; default: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region. */
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

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    private MojoExecution mojoExecution;

    @Component
    private SettingsDecrypter decrypter;

    /** Stand-ins for the terminal and the environment in tests; null means the real ones. */
    private SecretPrompt prompt;

    private Map<String, String> environment;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || goalSkipped()) {
            getLog().info("Skipping " + goal() + " (" + (skip ? PropertyNames.SKIP : "its own skip switch") + ")");
            return;
        }
        Optional<MavenProject> runsIn = onceIn();
        if (runsIn.isPresent()) {
            getLog().info(goal() + " acts on the account, so it runs once per build, in "
                    + runsIn.get().getArtifactId() + "; nothing to do in "
                    + session.getCurrentProject().getArtifactId());
            return;
        }
        try {
            SettingsProxies.activate(settings, decrypter, System.getProperties());
            run();
        } catch (RuntimeException e) {
            Exception failure = HelpfulSuggestions.forMaven(goal(), e);
            if (failure instanceof MojoFailureException user) {
                throw user;
            }
            throw (MojoExecutionException) failure;
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** A goal's own skip switch (openclaw.deploy.skip and the like); none by default. */
    protected boolean goalSkipped() {
        return false;
    }

    /**
     * Whether the goal acts on the account rather than on a module (users, secrets, status, destroy, reset-state,
     * telegram): in a multi-module build it then runs in the top-level project only.
     */
    protected boolean accountLevel() {
        return false;
    }

    /** The project an account-level goal runs in instead of the current one; empty when it runs here. */
    private Optional<MavenProject> onceIn() {
        if (!accountLevel()
                || session == null
                || session.getProjects() == null
                || session.getProjects().size() < 2) {
            return Optional.empty();
        }
        MavenProject top = session.getTopLevelProject() != null
                ? session.getTopLevelProject()
                : session.getProjects().get(0);
        MavenProject current = session.getCurrentProject();
        return current == null || current.getId().equals(top.getId()) ? Optional.empty() : Optional.of(top);
    }

    /** {@code openclaw:deploy}, for messages. */
    protected String goal() {
        return mojoExecution != null ? Goals.goal(mojoExecution.getGoal()) : Goals.PREFIX;
    }

    protected AwsSettings awsSettings() {
        return AwsSettings.of(region, profile, endpoint, environment());
    }

    /** The process environment, or the tests' stand-in. */
    protected Map<String, String> environment() {
        return environment != null ? environment : System.getenv();
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
        return new SecretSources(
                SettingsServers.passwords(settings, decrypter), environment(), properties, terminalPrompt());
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

    /** Registry credentials: settings.xml servers whose id is a registry's host, then Docker's configuration. */
    protected RegistryCredentials registryCredentials() {
        return RegistryCredentials.of(SettingsServers.registries(settings, decrypter));
    }

    /** The non-blank, trimmed items of a list parameter ({@code a, b}); empty for an unset one. */
    protected static List<String> split(String value, String separator) {
        return value == null || value.isBlank()
                ? List.of()
                : Arrays.stream(value.split(separator))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .distinct()
                        .toList();
    }
}
