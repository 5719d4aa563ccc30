package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.agent.AgentDirectory;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters that shape the stacks (goals that synthesize: synth, deploy, diff), turned into a {@link StackConfig}. */
public abstract class AbstractStackMojo extends AbstractImageMojo {

    /** Fargate CPU units of the container (1024 = 1 vCPU). */
    @Parameter(property = PropertyNames.CPU, defaultValue = "1024")
    protected int cpu;

    /** Fargate memory of the container in MiB (must fit the CPU). */
    @Parameter(property = PropertyNames.MEMORY, defaultValue = "2048")
    protected int memory;

    /** Run containers on Fargate Spot (about 70% cheaper; may be interrupted). */
    @Parameter(property = PropertyNames.SPOT, defaultValue = "true")
    protected boolean spot;

    /**
     * Container image pinned by digest. Default: the one openclaw:push-image recorded in
     * target/openclaw/image.json; without either, a clearly named placeholder.
     */
    @Parameter(property = PropertyNames.IMAGE)
    protected String image;

    /** Prewarm schedules: EventBridge cron bodies in UTC separated by ';', e.g. {@code 0 9 ? * MON-FRI *}. */
    @Parameter(property = PropertyNames.PREWARM_SCHEDULES)
    protected String prewarmSchedules;

    /** Minutes a prewarmed container is kept. */
    @Parameter(property = PropertyNames.PREWARM_DURATION, defaultValue = "60")
    protected int prewarmDuration;

    /** Idle minutes before the watchdog stops a container. */
    @Parameter(property = PropertyNames.IDLE_TIMEOUT, defaultValue = "15")
    protected int idleTimeout;

    /** OpenClaw model id, {@code <provider>/<model>}; its provider's key is required. */
    @Parameter(property = PropertyNames.MODEL, defaultValue = StackConfig.DEFAULT_MODEL)
    protected String model;

    /** CloudFront price class: PRICE_CLASS_100, PRICE_CLASS_200 or PRICE_CLASS_ALL. */
    @Parameter(property = PropertyNames.PRICE_CLASS, defaultValue = "PRICE_CLASS_100")
    protected String priceClass;

    /** Deploy the CloudWatch dashboard stack. */
    @Parameter(property = PropertyNames.MONITORING, defaultValue = "false")
    protected boolean monitoring;

    /** Let anyone sign up in the user pool (off: users are created with openclaw:user-create). */
    @Parameter(property = PropertyNames.SELF_SIGN_UP, defaultValue = "false")
    protected boolean selfSignUp;

    /**
     * Telegram user ids (comma separated) that may use the bot with their own container without a linked web
     * account. Everyone else must link first; strangers get one reply an hour.
     */
    @Parameter(property = PropertyNames.TELEGRAM_ALLOW)
    protected String telegramAllow;

    /** Steady requests per second of each API stage (WebSocket and HTTP); more are answered 429 by API Gateway. */
    @Parameter(property = PropertyNames.THROTTLE_RATE, defaultValue = "10")
    protected int throttleRate;

    /** Burst of requests each API stage accepts above the steady rate. */
    @Parameter(property = PropertyNames.THROTTLE_BURST, defaultValue = "20")
    protected int throttleBurst;

    /** Messages one user may send per minute (web and Telegram together); more are refused with {@code rate_limited}. */
    @Parameter(property = PropertyNames.MESSAGES_PER_MINUTE, defaultValue = "30")
    protected int messagesPerMinute;

    /** Containers running at once; a message that would start one more waits in line for a free slot. */
    @Parameter(property = PropertyNames.MAX_CONTAINERS, defaultValue = "5")
    protected int maxContainers;

    /**
     * Start the user's container when the chat page opens (the WebSocket connects), so its cold start runs while the
     * user types; off: only a message starts one. Costs a container for a page opened without a message, stopped at
     * the idle timeout.
     */
    @Parameter(property = PropertyNames.START_ON_CONNECT, defaultValue = "true")
    protected boolean startOnConnect;

    /** Monthly cost (USD) at which AWS Budgets e-mails {@code openclaw.budgetAlarmEmail}; unset: no budget. */
    @Parameter(property = PropertyNames.BUDGET_ALARM)
    protected String budgetAlarm;

    /** Address the budget alarm goes to (with {@code openclaw.budgetAlarm}). */
    @Parameter(property = PropertyNames.BUDGET_ALARM_EMAIL)
    protected String budgetAlarmEmail;

    /** Models to try in order when the primary fails ({@code provider/model}, comma separated); each provider's key is required. */
    @Parameter(property = PropertyNames.MODEL_FALLBACKS)
    protected String modelFallbacks;

    /** An OpenAI-compatible endpoint (e.g. a local Ollama's {@code http://host:11434/v1}); its models are {@code custom/<id>}. */
    @Parameter(property = PropertyNames.MODEL_BASE_URL)
    protected String modelBaseUrl;

    /** The endpoint's api: {@code openai-completions} (default), {@code openai-responses}, {@code anthropic-messages}. */
    @Parameter(property = PropertyNames.MODEL_API)
    protected String modelApi;

    /** OpenClaw features that run besides the fast minimal set: cron, browser, canvas, gmail, shell-snapshot (comma separated). */
    @Parameter(property = PropertyNames.CAPABILITIES)
    protected String capabilities;

    /** The agent folder: workspace/ files, skills/, and an openclaw.json overlay; absent means none. */
    @Parameter(property = PropertyNames.AGENT_DIRECTORY, defaultValue = "${project.basedir}/src/main/openclaw")
    protected File agentDirectory;

    /** The runtime-lambdas jar; defaults to the one of the plugin's version (openclaw-runtime-lambdas, zip, classifier lambda). */
    @Parameter(property = PropertyNames.LAMBDA_ASSET)
    protected File lambdaAsset;

    /**
     * Tags for every stack and every taggable resource, as {@code cdk deploy --tags}: {@code <tags><team>ai</team></tags>}
     * in the pom. AWS's rules apply: at most 50, keys not starting with {@code aws:}.
     */
    @Parameter(property = PropertyNames.TAGS)
    protected Map<String, String> tags;

    /** The stacks as configured, with the image from {@code openclaw.image} or image.json. */
    protected StackConfig stackConfig() {
        return stackConfig(imageReference());
    }

    /** The keys of the providers named by {@code openclaw.providers}. */
    private Set<Secret> configuredSecrets() {
        return StackConfig.parseProviders(split(providers, ","));
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
                .priceClass(parse(StackConfig.PriceClass.class, PropertyNames.PRICE_CLASS, priceClass))
                .monitoring(monitoring)
                .selfSignUp(selfSignUp)
                .telegramAllow(split(telegramAllow, ","))
                .throttleRate(throttleRate)
                .throttleBurst(throttleBurst)
                .messagesPerMinute(messagesPerMinute)
                .maxContainers(maxContainers)
                .startOnConnect(startOnConnect)
                .budgetAlarm(StackConfig.parseAmount(budgetAlarm).orElse(null), budgetAlarmEmail)
                .kmsKeyId(kmsKeyId)
                .tags(tags)
                .modelFallbacks(split(modelFallbacks, ","))
                .modelBaseUrl(modelBaseUrl)
                .modelApi(modelApi)
                .capabilities(StackConfig.parseCapabilities(split(capabilities, ",")))
                .agent(AgentDirectory.read(agentDirectory == null ? null : agentDirectory.toPath()))
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
            throw new ConfigurationException(
                    "The pushed image in " + PublishedImage.file(buildDirectory.toPath()) + " is "
                            + published.architecture() + " but " + PropertyNames.ARCHITECTURE + " is " + architecture
                            + ": run " + Goals.goal(Goals.PUSH_IMAGE) + " with the same " + PropertyNames.ARCHITECTURE);
        }
        return published.reference();
    }

    private Path lambdaAssetPath() {
        return lambdaAsset != null
                ? lambdaAsset.toPath()
                : runtimeArtifacts().lambdaJar("set " + PropertyNames.LAMBDA_ASSET + " to the runtime-lambdas jar");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String property, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationException(
                    property + " '" + value + "' is not valid: use one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
