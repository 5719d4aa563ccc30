package io.github.serverlessopenclaw.plugin.pipeline;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Deployer;
import io.github.serverlessopenclaw.plugin.deploy.StackResult;
import io.github.serverlessopenclaw.plugin.doctor.Check;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.report.Heartbeat;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import io.github.serverlessopenclaw.plugin.state.ResetRow;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import io.github.serverlessopenclaw.plugin.web.WebPublisher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The deploy's services on a real account (or moto): each method one plain service of the plugin. */
public final class AwsDeployServices implements DeployServices {
    private final AwsClients aws;
    private final DeployLog log;
    private final Supplier<PublishedImage> pushImage;

    /** @param pushImage builds and pushes the image (the goal knows the registry settings and Maven's credentials) */
    public AwsDeployServices(AwsClients aws, DeployLog log, Supplier<PublishedImage> pushImage) {
        this.aws = aws;
        this.log = log;
        this.pushImage = pushImage;
    }

    @Override
    public List<Check> preflight(Doctor.Inputs inputs) {
        return new Doctor().preflight(inputs);
    }

    @Override
    public StackResult bootstrap(String qualifier, DeployMethod method, Map<String, String> tags) {
        return new Bootstrapper(aws, log).bootstrap(qualifier, method, tags);
    }

    @Override
    public SecretsOutcome secrets(AppNames names, SecretsOptions options, SecretSources sources, DeployLog progress) {
        try (SecretsService service = new SecretsService(aws, names)) {
            return new SecretsOutcome(service.apply(options, sources, progress), service.presentSecrets());
        }
    }

    @Override
    public PublishedImage pushImage() {
        return pushImage.get();
    }

    @Override
    public Synthesizer.Result synthesize(StackConfig config, Path directory) {
        try (Heartbeat heartbeat = Heartbeat.start(log::info)) {
            heartbeat.accept("  synthesizing the stacks with the AWS CDK");
            return new Synthesizer().synthesize(config, directory);
        }
    }

    @Override
    public DeployReport deployStacks(Path assembly, DeployOptions options) {
        return new Deployer(aws, log).deploy(assembly, options);
    }

    @Override
    public DeployedOutputs outputs(AppNames names) {
        return DeployedOutputs.read(aws, names);
    }

    @Override
    public WebPublisher.Report publishWeb(WebAssets web, DeployedOutputs outputs, Optional<String> telegramBotName) {
        return new WebPublisher(aws, log).publish(web, outputs, telegramBotName);
    }

    @Override
    public List<ResetRow> resetOutdated(AppNames names, DeployedOutputs outputs) {
        try (StateReconciler reconciler = StateReconciler.forDeployment(aws, names, outputs)) {
            return reconciler.resetOutdated(false);
        }
    }
}
