package io.github.serverlessopenclaw.plugin.pipeline;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.StackResult;
import io.github.serverlessopenclaw.plugin.doctor.Check;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import io.github.serverlessopenclaw.plugin.state.ResetRow;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import io.github.serverlessopenclaw.plugin.web.WebPublisher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the deploy steps call, one method per service. {@link AwsDeployServices} is the real one (AWS, the
 * registry, the CDK); {@code DeployPipelineTest} passes fakes, so the pipeline's decisions are tested alone.
 */
public interface DeployServices {

    List<Check> preflight(Doctor.Inputs inputs);

    /** The toolkit stack, tagged with {@code tags} ({@code openclaw.tags}). */
    StackResult bootstrap(String qualifier, DeployMethod method, Map<String, String> tags);

    /** The secrets written (or found) and every secret present in SSM afterwards. */
    record SecretsOutcome(SecretsReport report, Set<Secret> present) {}

    SecretsOutcome secrets(AppNames names, SecretsOptions options, SecretSources sources, DeployLog progress);

    /** Builds and pushes the image, or finds it already pushed. */
    PublishedImage pushImage();

    Synthesizer.Result synthesize(StackConfig config, Path directory);

    DeployReport deployStacks(Path assembly, DeployOptions options);

    DeployedOutputs outputs(AppNames names);

    WebPublisher.Report publishWeb(WebAssets web, DeployedOutputs outputs, Optional<String> telegramBotName);

    /** Stops containers on an older task definition and clears their rows; every row checked. */
    List<ResetRow> resetOutdated(AppNames names, DeployedOutputs outputs);
}
