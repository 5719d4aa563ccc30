package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.RuntimeMetric;

/** Where start-up time went, in milliseconds (logged, sent as metrics, read by the measurement). */
record Startup(long httpReady, long gatewayWait, long handshake, long total) {
    /** Everything the bridge itself spends, i.e. the total without waiting for the gateway's own start. */
    long excludingGateway() {
        return total - gatewayWait;
    }

    void emit() {
        Metrics.emit(RuntimeMetric.STARTUP_TOTAL, total);
        Metrics.emit(RuntimeMetric.STARTUP_GATEWAY_WAIT, gatewayWait);
        Metrics.emit(RuntimeMetric.STARTUP_CLIENT_READY, handshake);
    }
}
