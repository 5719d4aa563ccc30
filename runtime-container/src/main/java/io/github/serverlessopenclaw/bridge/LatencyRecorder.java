package io.github.serverlessopenclaw.bridge;

/** The bridge's own share of a message's latency, for the measurement and the metrics. */
interface LatencyRecorder {
    /** Time from the bridge receiving a message to {@code chat.send} leaving for the gateway. */
    void dispatched(long nanos);

    /** Time from a delta arriving from the gateway to its frame being accepted by the client's endpoint. */
    void delivered(long nanos);

    LatencyRecorder NONE = new LatencyRecorder() {
        @Override
        public void dispatched(long nanos) {}

        @Override
        public void delivered(long nanos) {}
    };
}
