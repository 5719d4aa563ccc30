package io.github.serverlessopenclaw.common;

/**
 * The seven Lambda functions: what the Api stack creates and what runtime-lambdas implements. One place
 * for each function's name suffix, handler class, memory and timeout. All live in the one shaded jar
 * published as {@link #ARTIFACT_ID} with type {@link #ARTIFACT_TYPE} and classifier {@link #ARTIFACT_CLASSIFIER}.
 */
public enum Handler {
    /** WebSocket {@code $connect}: verifies the Cognito ID token, stores the connection. */
    WS_CONNECT("ws-connect", "WsConnectHandler", 512, 10),
    /** WebSocket {@code $disconnect}: forgets the connection. */
    WS_DISCONNECT("ws-disconnect", "WsDisconnectHandler", 256, 10),
    /** WebSocket {@code $default}: routes messages to the user's container, answers status and history. */
    WS_MESSAGE("ws-message", "WsMessageHandler", 1024, 30),
    /** HTTP API {@code POST /telegram} (no authorizer; secret header). */
    TELEGRAM_WEBHOOK("telegram-webhook", "TelegramWebhookHandler", 1024, 30),
    /** HTTP API routes behind the JWT authorizer: conversations, status, Telegram linking. */
    API("api-handler", "ApiHandler", 512, 10),
    /** EventBridge {@code rate(5 minutes)}: stops idle containers, clears stale TaskState rows. */
    WATCHDOG("watchdog", "WatchdogHandler", 512, 120),
    /** EventBridge cron (optional): starts or extends a warm container ahead of use. */
    PREWARM("prewarm", "PrewarmHandler", 512, 60);

    public static final String PACKAGE = "io.github.serverlessopenclaw.lambdas";
    public static final String ARTIFACT_GROUP_ID = "io.github.serverlessopenclaw";
    public static final String ARTIFACT_ID = "openclaw-runtime-lambdas";
    /** The shaded jar is attached as a zip so it never lands on a consumer's classpath. */
    public static final String ARTIFACT_TYPE = "zip";

    public static final String ARTIFACT_CLASSIFIER = "lambda";
    /** Lambda runtime the jar targets (Java 17 bytecode; SnapStart supported). */
    public static final String RUNTIME = "java21";
    /**
     * {@code JAVA_TOOL_OPTIONS} of every function (the template sets it; scripts/measure-lambda-cold-start runs with it):
     * tiered compilation stopped at C1, AWS's documented cold-start setting. Lambda's java21 already defaults to it; it
     * stays explicit so that the setting measured is the one deployed, whatever the runtime's default.
     */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** EventBridge schedule of the watchdog. */
    public static final String WATCHDOG_SCHEDULE = "rate(5 minutes)";

    private final String suffix;
    private final String simpleClassName;
    private final int memoryMb;
    private final int timeoutSeconds;

    Handler(String suffix, String simpleClassName, int memoryMb, int timeoutSeconds) {
        this.suffix = suffix;
        this.simpleClassName = simpleClassName;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The part of the function name after {@code <appName>-}; see {@link AppNames#function(String)}. */
    public String suffix() {
        return suffix;
    }

    /** Fully qualified class name of the handler (a {@code RequestStreamHandler}). */
    public String className() {
        return PACKAGE + "." + simpleClassName;
    }

    /** The Lambda {@code Handler} property. */
    public String handlerString() {
        return className() + "::handleRequest";
    }

    public int memoryMb() {
        return memoryMb;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public String functionName(AppNames names) {
        return names.function(suffix);
    }
}
