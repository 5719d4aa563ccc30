package io.github.serverlessopenclaw.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric the runtimes emit (as Embedded Metric Format lines, namespace {@link Constants#METRICS_NAMESPACE}):
 * its name, unit, who emits it and its dimensions. The emitters take names and dimensions from here, and the
 * monitoring dashboard graphs from here, so a series on the dashboard is always one that is emitted.
 *
 * <p>Every metric carries {@link #APP_NAME} (the deployment's appName, from {@link Env#APP_NAME}), so
 * deployments side by side in one account do not mix.
 */
public enum RuntimeMetric {
    // the Lambdas
    TASK_STARTED("TaskStarted", Unit.COUNT, Emitter.LAMBDAS),
    REJECTED_FRAME("RejectedFrame", Unit.COUNT, Emitter.LAMBDAS, "Code"),
    BRIDGE_UNAUTHORIZED("BridgeUnauthorized", Unit.COUNT, Emitter.LAMBDAS),
    WAITING_ADMITTED("WaitingAdmitted", Unit.COUNT, Emitter.LAMBDAS),
    /** A container started by a {@code $connect} (the chat opened), before any message. */
    CONNECT_STARTED("ConnectStarted", Unit.COUNT, Emitter.LAMBDAS),
    /** A {@code $connect} could not start the container (the handshake still succeeds; the first message retries). */
    CONNECT_START_FAILED("ConnectStartFailed", Unit.COUNT, Emitter.LAMBDAS),
    MESSAGE_ROUTED("MessageRouted", Unit.COUNT, Emitter.LAMBDAS, "Outcome", "Channel"),
    LINK_CODE_COLLISION("LinkCodeCollision", Unit.COUNT, Emitter.LAMBDAS),
    TELEGRAM_STRANGER("TelegramStranger", Unit.COUNT, Emitter.LAMBDAS),
    LINK_TRY_REFUSED("LinkTryRefused", Unit.COUNT, Emitter.LAMBDAS),
    PREWARM_SKIPPED("PrewarmSkipped", Unit.COUNT, Emitter.LAMBDAS, "Reason"),
    PREWARM_FAILED("PrewarmFailed", Unit.COUNT, Emitter.LAMBDAS),
    PREWARM_TRIGGERED("PrewarmTriggered", Unit.COUNT, Emitter.LAMBDAS),
    WATCHDOG_STOPPED("WatchdogStopped", Unit.COUNT, Emitter.LAMBDAS),
    WATCHDOG_CLEARED("WatchdogCleared", Unit.COUNT, Emitter.LAMBDAS),
    // the bridge (one per container)
    STARTUP_TOTAL("StartupTotal", Unit.MILLISECONDS, Emitter.BRIDGE),
    STARTUP_GATEWAY_WAIT("StartupGatewayWait", Unit.MILLISECONDS, Emitter.BRIDGE),
    STARTUP_CLIENT_READY("StartupClientReady", Unit.MILLISECONDS, Emitter.BRIDGE),
    PREWARM_CLAIMED("PrewarmClaimed", Unit.COUNT, Emitter.BRIDGE),
    PENDING_MESSAGES_CONSUMED("PendingMessagesConsumed", Unit.COUNT, Emitter.BRIDGE),
    GATEWAY_RESTART("GatewayRestart", Unit.COUNT, Emitter.BRIDGE),
    /** From a message's arrival at the bridge to the first text of the answer. */
    FIRST_RESPONSE_TIME("FirstResponseTime", Unit.MILLISECONDS, Emitter.BRIDGE, "Channel"),
    /** From a message's arrival at the bridge to the answer delivered in full. */
    MESSAGE_LATENCY("MessageLatency", Unit.MILLISECONDS, Emitter.BRIDGE, "Channel"),
    RESPONSE_LENGTH("ResponseLength", Unit.COUNT, Emitter.BRIDGE, "Channel");

    /** The dimension every metric carries. */
    public static final String APP_NAME = "AppName";

    /** EMF / CloudWatch unit names. */
    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    public enum Emitter {
        LAMBDAS,
        BRIDGE
    }

    private final String metricName;
    private final Unit unit;
    private final Emitter emitter;
    private final List<String> dimensions;

    RuntimeMetric(String metricName, Unit unit, Emitter emitter, String... dimensions) {
        this.metricName = metricName;
        this.unit = unit;
        this.emitter = emitter;
        this.dimensions = List.of(dimensions);
    }

    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    public Emitter emitter() {
        return emitter;
    }

    /** Its own dimensions' names, besides {@link #APP_NAME}. */
    public List<String> dimensionNames() {
        return dimensions;
    }

    /**
     * The dimensions of one data point: {@link #APP_NAME} from the environment, then the given values in the
     * declared order. A missing or extra dimension fails, so an emission cannot drift from the catalogue.
     */
    public Map<String, String> dimensions(String... values) {
        return dimensionsFor(appName(), values);
    }

    /** As {@link #dimensions(String...)}, with the appName given. */
    public Map<String, String> dimensionsFor(String appName, String... values) {
        if (values.length != dimensions.size()) {
            throw new IllegalArgumentException(
                    metricName + " has the dimensions " + dimensions + ", got " + values.length + " value(s)");
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put(APP_NAME, appName);
        for (int i = 0; i < values.length; i++) {
            all.put(dimensions.get(i), values[i]);
        }
        return all;
    }

    /** The deployment's appName, as both runtimes get it (the default outside a deployment, in tests). */
    public static String appName() {
        String value = System.getenv(Env.APP_NAME);
        return value == null || value.isBlank() ? AppNames.DEFAULT_APP_NAME : value;
    }
}
