package io.github.serverlessopenclaw.plugin.config;

/**
 * Every {@code openclaw.*} user property, once: the mojos' {@code @Parameter(property = …)} and every message that
 * tells the user which property to set are built from these names, so a rename cannot leave a hint behind.
 */
public final class PropertyNames {
    private static final String PREFIX = "openclaw.";

    // every goal
    public static final String SKIP = PREFIX + "skip";
    public static final String REGION = PREFIX + "region";
    public static final String PROFILE = PREFIX + "profile";
    public static final String ENDPOINT = PREFIX + "endpoint";
    public static final String APP_NAME = PREFIX + "appName";

    // per-goal switches
    public static final String SYNTH_SKIP = PREFIX + "synth.skip";
    public static final String PUSH_IMAGE_SKIP = PREFIX + "pushImage.skip";
    public static final String DEPLOY_SKIP = PREFIX + "deploy.skip";
    public static final String DIFF_SKIP = PREFIX + "diff.skip";
    public static final String DIFF_FAIL_ON_CHANGES = PREFIX + "diff.failOnChanges";
    public static final String DOCTOR_WARN_ONLY = PREFIX + "doctor.warnOnly";
    public static final String TELEGRAM_REMOVE = PREFIX + "telegram.remove";
    public static final String TELEGRAM_API_URL = PREFIX + "telegram.apiUrl";
    public static final String VERIFY_TIMEOUT = PREFIX + "verify.timeout";
    public static final String VERIFY_MESSAGE = PREFIX + "verify.message";

    // the toolkit, the assembly and the deploy engine
    public static final String QUALIFIER = PREFIX + "qualifier";
    public static final String DEPLOY_METHOD = PREFIX + "deployMethod";
    public static final String ASSEMBLY_DIRECTORY = PREFIX + "assemblyDirectory";
    public static final String OUTPUTS_FILE = PREFIX + "outputsFile";
    public static final String STACKS = PREFIX + "stacks";
    public static final String EXCLUSIVELY = PREFIX + "exclusively";
    public static final String CONCURRENCY = PREFIX + "concurrency";
    public static final String FORCE = PREFIX + "force";
    public static final String STACK_TIMEOUT_MINUTES = PREFIX + "stackTimeoutMinutes";
    public static final String TAGS = PREFIX + "tags";

    // the image
    public static final String ARCHITECTURE = PREFIX + "architecture";
    public static final String BASE_IMAGE = PREFIX + "baseImage";
    public static final String NODE_VERSION = PREFIX + "nodeVersion";
    public static final String REGISTRY = PREFIX + "registry";
    public static final String REGISTRY_INSECURE = PREFIX + "registry.insecure";
    public static final String IMAGE_REPOSITORY = PREFIX + "imageRepository";
    public static final String BRIDGE_DIRECTORY = PREFIX + "bridgeDirectory";
    public static final String BRIDGE_MAIN_CLASS = PREFIX + "bridgeMainClass";
    public static final String OPENCLAW_PROJECT = PREFIX + "openclawProject";
    public static final String CACHE_DIRECTORY = PREFIX + "cacheDirectory";

    // the stacks
    public static final String CPU = PREFIX + "cpu";
    public static final String MEMORY = PREFIX + "memory";
    public static final String SPOT = PREFIX + "spot";
    public static final String IMAGE = PREFIX + "image";
    public static final String TELEGRAM = PREFIX + "telegram";
    public static final String PROVIDERS = PREFIX + "providers";
    public static final String PREWARM_SCHEDULES = PREFIX + "prewarmSchedules";
    public static final String PREWARM_DURATION = PREFIX + "prewarmDuration";
    public static final String IDLE_TIMEOUT = PREFIX + "idleTimeout";
    public static final String MODEL = PREFIX + "model";
    public static final String MODEL_FALLBACKS = PREFIX + "modelFallbacks";
    public static final String MODEL_BASE_URL = PREFIX + "modelBaseUrl";
    public static final String MODEL_API = PREFIX + "modelApi";
    public static final String CAPABILITIES = PREFIX + "capabilities";
    public static final String AGENT_DIRECTORY = PREFIX + "agentDirectory";
    public static final String PRICE_CLASS = PREFIX + "priceClass";
    public static final String MONITORING = PREFIX + "monitoring";
    public static final String SELF_SIGN_UP = PREFIX + "selfSignUp";
    public static final String TELEGRAM_ALLOW = PREFIX + "telegramAllow";
    public static final String THROTTLE_RATE = PREFIX + "throttleRate";
    public static final String THROTTLE_BURST = PREFIX + "throttleBurst";
    public static final String MESSAGES_PER_MINUTE = PREFIX + "messagesPerMinute";
    public static final String MAX_CONTAINERS = PREFIX + "maxContainers";
    public static final String START_ON_CONNECT = PREFIX + "startOnConnect";
    public static final String BUDGET_ALARM = PREFIX + "budgetAlarm";
    public static final String BUDGET_ALARM_EMAIL = PREFIX + "budgetAlarmEmail";
    public static final String KMS_KEY_ID = PREFIX + "kmsKeyId";
    public static final String LAMBDA_ASSET = PREFIX + "lambdaAsset";

    // the web UI
    public static final String TELEGRAM_BOT_NAME = PREFIX + "telegramBotName";
    public static final String WEB_DIRECTORY = PREFIX + "webDirectory";

    // secrets and users (PASSWORD and SECRET_PREFIX are read directly, never as parameters, so -X cannot print them)
    public static final String ROTATE = PREFIX + "rotate";
    public static final String SECRET_PREFIX = PREFIX + "secret.";
    public static final String EMAIL = PREFIX + "email";
    public static final String PASSWORD = PREFIX + "password";
    public static final String PASSWORD_FILE = PREFIX + "passwordFile";

    // day two
    public static final String ALL = PREFIX + "all";
    public static final String USER = PREFIX + "user";
    public static final String DRY_RUN = PREFIX + "dryRun";
    public static final String DESTROY_ALL = PREFIX + "destroyAll";
    public static final String CONFIRM = PREFIX + "confirm";
    public static final String FUNCTION = PREFIX + "function";
    public static final String MINUTES = PREFIX + "minutes";
    public static final String FOLLOW = PREFIX + "follow";
    public static final String PERMANENT = PREFIX + "permanent";
    public static final String COST = PREFIX + "cost";
    public static final String RUN_PORT = PREFIX + "run.port";

    private PropertyNames() {}

    /** How a user sets a property on the command line: {@code -Dopenclaw.region}. */
    public static String flag(String property) {
        return "-D" + property;
    }

    /** With a value: {@code -Dopenclaw.region=us-east-1}. */
    public static String flag(String property, Object value) {
        return "-D" + property + "=" + value;
    }
}
