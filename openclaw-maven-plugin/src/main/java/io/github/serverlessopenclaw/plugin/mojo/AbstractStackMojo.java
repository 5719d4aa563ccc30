package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Secret;
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
import java.util.Set;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters that shape the stacks (goals that synthesize: synth, deploy, diff), turned into a {@link StackConfig}. */
public abstract class AbstractStackMojo extends AbstractImageMojo {

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

    /**
     * Telegram user ids (comma separated) that may use the bot with their own container without a linked web
     * account. Everyone else must link first; strangers get one reply an hour.
     */
    @Parameter(property = "openclaw.telegramAllow")
    protected String telegramAllow;

    /** Steady requests per second of each API stage (WebSocket and HTTP); more are answered 429 by API Gateway. */
    @Parameter(property = "openclaw.throttleRate", defaultValue = "10")
    protected int throttleRate;

    /** Burst of requests each API stage accepts above the steady rate. */
    @Parameter(property = "openclaw.throttleBurst", defaultValue = "20")
    protected int throttleBurst;

    /** Messages one user may send per minute (web and Telegram together); more are refused with {@code rate_limited}. */
    @Parameter(property = "openclaw.messagesPerMinute", defaultValue = "30")
    protected int messagesPerMinute;

    /** Containers running at once; a message that would start one more waits in line for a free slot. */
    @Parameter(property = "openclaw.maxContainers", defaultValue = "5")
    protected int maxContainers;

    /** Monthly cost (USD) at which AWS Budgets e-mails {@code openclaw.budgetAlarmEmail}; unset: no budget. */
    @Parameter(property = "openclaw.budgetAlarm")
    protected String budgetAlarm;

    /** Address the budget alarm goes to (with {@code openclaw.budgetAlarm}). */
    @Parameter(property = "openclaw.budgetAlarmEmail")
    protected String budgetAlarmEmail;

    /**
     * Customer KMS key of the secrets, as key id or key ARN (not an alias: the roles that read the secrets are
     * granted kms:Decrypt on it by key). Default: the AWS-managed aws/ssm key.
     */
    @Parameter(property = "openclaw.kmsKeyId")
    protected String kmsKeyId;

    /** Models to try in order when the primary fails ({@code provider/model}, comma separated); each provider's key is required. */
    @Parameter(property = "openclaw.modelFallbacks")
    protected String modelFallbacks;

    /** An OpenAI-compatible endpoint (e.g. a local Ollama's {@code http://host:11434/v1}); its models are {@code custom/<id>}. */
    @Parameter(property = "openclaw.modelBaseUrl")
    protected String modelBaseUrl;

    /** The endpoint's api: {@code openai-completions} (default), {@code openai-responses}, {@code anthropic-messages}. */
    @Parameter(property = "openclaw.modelApi")
    protected String modelApi;

    /** OpenClaw features that run besides the fast minimal set: cron, browser, canvas, gmail, shell-snapshot (comma separated). */
    @Parameter(property = "openclaw.capabilities")
    protected String capabilities;

    /** The agent folder: workspace/ files, skills/, and an openclaw.json overlay; absent means none. */
    @Parameter(property = "openclaw.agentDirectory", defaultValue = "${project.basedir}/src/main/openclaw")
    protected File agentDirectory;

    /** The runtime-lambdas jar; defaults to the one of the plugin's version (openclaw-runtime-lambdas, zip, classifier lambda). */
    @Parameter(property = "openclaw.lambdaAsset")
    protected File lambdaAsset;

    /** The stacks as configured, with the image from {@code openclaw.image} or image.json. */
    protected StackConfig stackConfig() {
        return stackConfig(imageReference());
    }

    /** The provider keys named by {@code openclaw.secrets}. */
    private Set<Secret> configuredSecrets() {
        return StackConfig.parseSecrets(split(secrets, ","));
    }

    /**
     * The stacks for this image: a function of the configuration alone (never of what exists in the account),
     * so that synth and deploy write the same templates and synth + diff shows only real changes.
     */
    protected StackConfig stackConfig(String imageReference) {
        return StackConfig.builder(appNames(), lambdaAssetPath())
                .qualifier(qualifier)
                .architecture(Architecture.parse(architecture))
                .cpu(cpu)
                .memoryMb(memory)
                .spot(spot)
                .image(imageReference)
                .telegram(telegram)
                .optionalSecrets(configuredSecrets())
                .prewarmSchedules(split(prewarmSchedules, ";"))
                .prewarmDurationMinutes(prewarmDuration)
                .idleTimeoutMinutes(idleTimeout)
                .model(model)
                .priceClass(parse(StackConfig.PriceClass.class, "openclaw.priceClass", priceClass))
                .monitoring(monitoring)
                .selfSignUp(selfSignUp)
                .telegramAllow(split(telegramAllow, ","))
                .throttleRate(throttleRate)
                .throttleBurst(throttleBurst)
                .messagesPerMinute(messagesPerMinute)
                .maxContainers(maxContainers)
                .budgetAlarm(StackConfig.parseAmount(budgetAlarm).orElse(null), budgetAlarmEmail)
                .kmsKeyId(kmsKeyId)
                .modelFallbacks(split(modelFallbacks, ","))
                .modelBaseUrl(modelBaseUrl)
                .modelApi(modelApi)
                .capabilities(StackConfig.parseCapabilities(split(capabilities, ",")))
                .agent(io.github.serverlessopenclaw.plugin.agent.AgentDirectory.read(agentDirectory == null ? null : agentDirectory.toPath()))
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
        return lambdaAsset != null ? lambdaAsset.toPath()
                : runtimeArtifacts().lambdaJar("set openclaw.lambdaAsset to the runtime-lambdas jar");
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
