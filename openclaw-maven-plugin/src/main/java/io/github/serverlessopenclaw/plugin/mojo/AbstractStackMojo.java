package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.image.Architecture;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters that shape the stacks (goals that synthesize: synth, deploy, diff), turned into a {@link StackConfig}. */
public abstract class AbstractStackMojo extends AbstractOpenClawMojo {

    /** Bootstrap qualifier (DefaultStackSynthesizer); {@code hnb659fds} uses a standard CDK bootstrap. */
    @Parameter(property = "openclaw.qualifier", defaultValue = StackConfig.DEFAULT_QUALIFIER)
    protected String qualifier;

    /** CPU architecture of the container and the Lambdas: arm64 or x86_64. */
    @Parameter(property = "openclaw.architecture", defaultValue = "arm64")
    protected String architecture;

    /** Fargate CPU units of the container (1024 = 1 vCPU). */
    @Parameter(property = "openclaw.cpu", defaultValue = "1024")
    protected int cpu;

    /** Fargate memory of the container in MiB (must fit the CPU). */
    @Parameter(property = "openclaw.memory", defaultValue = "2048")
    protected int memory;

    /** Run containers on Fargate Spot (about 70% cheaper; may be interrupted). */
    @Parameter(property = "openclaw.spot", defaultValue = "true")
    protected boolean spot;

    /**
     * Container image pinned by digest. Default: the one openclaw:push-image recorded in
     * target/openclaw/image.json; without either, a clearly named placeholder.
     */
    @Parameter(property = "openclaw.image")
    protected String image;

    /** Enable the Telegram bot (webhook route and the two Telegram secrets). */
    @Parameter(property = "openclaw.telegram", defaultValue = "false")
    protected boolean telegram;

    /** Extra provider keys the container gets, comma separated: openai-api-key, openrouter-api-key, gemini-api-key, anthropic-api-key. */
    @Parameter(property = "openclaw.secrets")
    protected String secrets;

    /** Prewarm schedules: EventBridge cron bodies in UTC separated by ';', e.g. {@code 0 9 ? * MON-FRI *}. */
    @Parameter(property = "openclaw.prewarmSchedules")
    protected String prewarmSchedules;

    /** Minutes a prewarmed container is kept. */
    @Parameter(property = "openclaw.prewarmDuration", defaultValue = "60")
    protected int prewarmDuration;

    /** Idle minutes before the watchdog stops a container. */
    @Parameter(property = "openclaw.idleTimeout", defaultValue = "15")
    protected int idleTimeout;

    /** OpenClaw model id, {@code <provider>/<model>}; its provider's key is required. */
    @Parameter(property = "openclaw.model", defaultValue = StackConfig.DEFAULT_MODEL)
    protected String model;

    /** CloudFront price class: PRICE_CLASS_100, PRICE_CLASS_200 or PRICE_CLASS_ALL. */
    @Parameter(property = "openclaw.priceClass", defaultValue = "PRICE_CLASS_100")
    protected String priceClass;

    /** Deploy the CloudWatch dashboard stack. */
    @Parameter(property = "openclaw.monitoring", defaultValue = "false")
    protected boolean monitoring;

    /** Let anyone sign up in the user pool (off: users are created with openclaw:user-create). */
    @Parameter(property = "openclaw.selfSignUp", defaultValue = "false")
    protected boolean selfSignUp;

    /** The runtime-lambdas jar; defaults to the one that comes with the plugin. */
    @Parameter(property = "openclaw.lambdaAsset")
    protected File lambdaAsset;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    protected PluginDescriptor plugin;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    protected File buildDirectory;

    protected StackConfig stackConfig() {
        return StackConfig.builder(appNames(), lambdaAssetPath())
                .qualifier(qualifier)
                .architecture(Architecture.parse(architecture))
                .cpu(cpu)
                .memoryMb(memory)
                .spot(spot)
                .image(imageReference())
                .telegram(telegram)
                .optionalSecrets(StackConfig.parseSecrets(split(secrets, ",")))
                .prewarmSchedules(split(prewarmSchedules, ";"))
                .prewarmDurationMinutes(prewarmDuration)
                .idleTimeoutMinutes(idleTimeout)
                .model(model)
                .priceClass(parse(StackConfig.PriceClass.class, "openclaw.priceClass", priceClass))
                .monitoring(monitoring)
                .selfSignUp(selfSignUp)
                .build();
    }

    /** The configured image, else the one push-image recorded (when its architecture matches). */
    private String imageReference() {
        if (image != null && !image.isBlank()) {
            return image;
        }
        if (buildDirectory == null || !Files.isRegularFile(PublishedImage.file(buildDirectory.toPath()))) {
            return null;
        }
        PublishedImage published = PublishedImage.read(buildDirectory.toPath());
        String wanted = Architecture.parse(architecture).imageArchitecture();
        if (published.architecture() != null && !published.architecture().equals(wanted)) {
            throw new ConfigurationException("The pushed image in " + PublishedImage.file(buildDirectory.toPath()) + " is "
                    + published.architecture() + " but openclaw.architecture is " + architecture
                    + ": run openclaw:push-image with the same openclaw.architecture");
        }
        return published.reference();
    }

    private Path lambdaAssetPath() {
        if (lambdaAsset != null) {
            return lambdaAsset.toPath();
        }
        List<Artifact> artifacts = plugin == null || plugin.getArtifacts() == null ? List.of() : plugin.getArtifacts();
        return artifacts.stream()
                .filter(a -> Handler.ARTIFACT_GROUP_ID.equals(a.getGroupId()) && Handler.ARTIFACT_ID.equals(a.getArtifactId())
                        && Handler.ARTIFACT_CLASSIFIER.equals(a.getClassifier()) && a.getFile() != null)
                .map(a -> a.getFile().toPath())
                .findFirst()
                .orElseThrow(() -> new ConfigurationException("The Lambda code was not found: set openclaw.lambdaAsset"
                        + " to the runtime-lambdas jar (" + Handler.ARTIFACT_ID + ", classifier "
                        + Handler.ARTIFACT_CLASSIFIER + ")"));
    }

    private static List<String> split(String value, String separator) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(separator)).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String property, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationException(property + " '" + value + "' is not valid: use one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
