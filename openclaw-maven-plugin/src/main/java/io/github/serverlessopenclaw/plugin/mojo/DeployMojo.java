package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.image.ImagePublisher;
import io.github.serverlessopenclaw.plugin.image.Npm;
import io.github.serverlessopenclaw.plugin.pipeline.AwsDeployServices;
import io.github.serverlessopenclaw.plugin.pipeline.DeployPipeline;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.rtinfo.RuntimeInformation;

/**
 * The whole deployment in one idempotent run: preflight, bootstrap, secrets, image, synth, stacks, web
 * files, outdated containers, outputs. Each step is skipped when already done; a second run with nothing
 * changed writes nothing. Interrupted runs converge when run again.
 */
@Mojo(name = "deploy", threadSafe = true)
public class DeployMojo extends AbstractStackMojo {

    /** Deploy only these stacks (ids such as {@code Compute}, or stack names), comma separated, with the stacks they need. */
    @Parameter(property = "openclaw.stacks")
    private String stacks;

    /** With {@code openclaw.stacks}: leave out the stacks they depend on. */
    @Parameter(property = "openclaw.exclusively", defaultValue = "false")
    private boolean exclusively;

    /** change-set (default: preview, empty ones reported as "no changes") or direct (CreateStack/UpdateStack, faster). */
    @Parameter(property = "openclaw.deployMethod", defaultValue = "change-set")
    private String deployMethod;

    /** How many independent stacks deploy at the same time. */
    @Parameter(property = "openclaw.concurrency", defaultValue = "" + DeployOptions.DEFAULT_CONCURRENCY)
    private int concurrency;

    /** Deploy stacks even when they are unchanged. */
    @Parameter(property = "openclaw.force", defaultValue = "false")
    private boolean force;

    /** Longest wait for one stack operation, in minutes. */
    @Parameter(property = "openclaw.stackTimeoutMinutes", defaultValue = "60")
    private int stackTimeoutMinutes;

    /** The Telegram bot's user name; the web UI's Settings shows it as the bot to send {@code /link CODE} to. */
    @Parameter(property = "openclaw.telegramBotName")
    private String telegramBotName;

    /** A folder of built web files (with index.html) to publish instead of the bundled UI. */
    @Parameter(property = "openclaw.webDirectory")
    private File webDirectory;

    /** Where the synthesized cloud assembly goes (replaced on every run). */
    @Parameter(property = "openclaw.assemblyDirectory", defaultValue = "${project.build.directory}/openclaw/cdk.out")
    private File assemblyDirectory;

    /** Where outputs.json goes. */
    @Parameter(property = "openclaw.outputsFile", defaultValue = "${project.build.directory}/openclaw/outputs.json")
    private File outputsFile;

    @Component
    private RuntimeInformation runtime;

    @Override
    protected void run() {
        AwsSettings aws = awsSettings(); // malformed settings are usage errors, before any step
        StackConfig configured = stackConfig(image);
        DeployOptions deploy = new DeployOptions(DeployMethod.parse(deployMethod), concurrency, selectedStacks(), exclusively, force,
                Duration.ofMinutes(stackTimeoutMinutes));
        Optional<String> givenImage = Optional.ofNullable(image).filter(i -> !i.isBlank());
        DeployPipeline.Request request = DeployPipeline.Request.builder()
                .preflight(new Doctor.Inputs(System.getProperty("java.version"), runtime.getMavenVersion(), System.getenv("PATH"),
                        () -> new AwsClients(aws), appNames()))
                .configured(configured)
                .withImage(this::stackConfig)
                .secrets(SecretsOptions.ensure(telegram, providersNeeded(configured),
                        Optional.ofNullable(kmsKeyId).filter(k -> !k.isBlank())))
                .secretSources(secretSources())
                .givenImage(givenImage)
                .assemblyDirectory(assemblyDirectory.toPath())
                .deploy(deploy)
                .web(WebAssets.bundledOr(Optional.ofNullable(webDirectory).map(File::toPath)))
                .telegramBotName(Optional.ofNullable(telegramBotName).filter(n -> !n.isBlank()))
                .outputsFile(outputsFile.toPath())
                .build();
        MojoDeployLog log = new MojoDeployLog(getLog());
        AwsDeployServices services = new AwsDeployServices(new AwsClients(aws), log, () -> {
            ImagePublisher.Settings imageSettings = imageSettings();
            return withImageRepository(repository -> new ImagePublisher(Npm.onPath())
                    .publish(imageSettings, repository, buildDirectory.toPath(), getLog()::info));
        });
        new DeployPipeline(services, log).run(request);
    }

    /** {@code openclaw.stacks}, checked before anything runs: ids ({@code Compute}) or stack names. */
    private Set<String> selectedStacks() {
        Set<String> selected = new LinkedHashSet<>(split(stacks, ","));
        for (String name : selected) {
            if (Arrays.stream(ProductStack.values()).noneMatch(s -> s.id().equals(name) || s.stackName(appNames()).equals(name))) {
                throw new ConfigurationException("openclaw.stacks: there is no stack '" + name + "'; use one or more of "
                        + Arrays.stream(ProductStack.values()).map(ProductStack::id).collect(Collectors.joining(",")));
            }
        }
        return selected;
    }

    /** The model's provider and those of the keys named in {@code openclaw.secrets}: their keys must exist. */
    private static Set<String> providersNeeded(StackConfig configured) {
        return configured.providerSecrets().stream().map(Secret::provider).flatMap(Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

}
