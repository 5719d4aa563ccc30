package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
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
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.rtinfo.RuntimeInformation;

/**
 * The whole deployment in one idempotent run: preflight, bootstrap, secrets, image, synth, stacks, web
 * files, outdated containers, outputs. Each step is skipped when already done; a second run with nothing
 * changed writes nothing. Interrupted runs converge when run again.
 */
@Mojo(name = Goals.DEPLOY, defaultPhase = LifecyclePhase.DEPLOY, requiresOnline = true, threadSafe = true)
public class DeployMojo extends AbstractStackMojo {

    /** Skip openclaw:deploy alone (openclaw.skip skips every goal). */
    @Parameter(property = PropertyNames.DEPLOY_SKIP, defaultValue = "false")
    private boolean skipGoal;

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    /** With {@code openclaw.stacks}: leave out the stacks they depend on. */
    @Parameter(property = PropertyNames.EXCLUSIVELY, defaultValue = "false")
    private boolean exclusively;

    /** How many independent stacks deploy at the same time. */
    @Parameter(property = PropertyNames.CONCURRENCY, defaultValue = "" + DeployOptions.DEFAULT_CONCURRENCY)
    private int concurrency;

    /** Deploy stacks even when they are unchanged. */
    @Parameter(property = PropertyNames.FORCE, defaultValue = "false")
    private boolean force;

    /** Longest wait for one stack operation, in minutes. */
    @Parameter(property = PropertyNames.STACK_TIMEOUT_MINUTES, defaultValue = "60")
    private int stackTimeoutMinutes;

    @Component
    private RuntimeInformation runtime;

    @Override
    protected void run() {
        AwsSettings aws = awsSettings(); // malformed settings are usage errors, before any step
        StackConfig configured = stackConfig(image);
        DeployOptions deploy = new DeployOptions(
                DeployMethod.parse(deployMethod),
                concurrency,
                selectedStacks(),
                exclusively,
                force,
                Duration.ofMinutes(stackTimeoutMinutes));
        Optional<String> givenImage = Optional.ofNullable(image).filter(i -> !i.isBlank());
        DeployPipeline.Request request = DeployPipeline.Request.builder()
                .preflight(new Doctor.Inputs(
                        System.getProperty("java.version"),
                        runtime.getMavenVersion(),
                        System.getenv("PATH"),
                        () -> new AwsClients(aws),
                        appNames()))
                .configured(configured)
                .withImage(this::stackConfig)
                .secrets(SecretsOptions.ensure(configured, kmsKey()))
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
            return withImageRepository(repository ->
                    new ImagePublisher(Npm.onPath()).publish(imageSettings, repository, buildDirectory.toPath(), log));
        });
        new DeployPipeline(services, log).run(request);
    }

    /** {@code openclaw.stacks}, checked before anything runs: ids ({@code Compute}) or stack names. */
    private Set<String> selectedStacks() {
        Set<String> selected = new LinkedHashSet<>(split(stacks, ","));
        for (String name : selected) {
            if (Arrays.stream(ProductStack.values())
                    .noneMatch(
                            s -> s.id().equals(name) || s.stackName(appNames()).equals(name))) {
                throw new ConfigurationException(
                        PropertyNames.STACKS + ": there is no stack '" + name + "'; use one or more of "
                                + Arrays.stream(ProductStack.values())
                                        .map(ProductStack::id)
                                        .collect(Collectors.joining(",")));
            }
        }
        return selected;
    }
}
