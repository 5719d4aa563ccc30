package io.github.serverlessopenclaw.bridge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the gateway client tells a run's listener, in order. */
final class RecordingListener implements GatewayClient.RunListener {
    record Delta(String text, boolean replace) {}

    final List<Delta> deltas = new CopyOnWriteArrayList<>();
    volatile String finalText;
    volatile String error;
    volatile String kind;

    @Override
    public void onDelta(String text, boolean replace) {
        deltas.add(new Delta(text, replace));
    }

    @Override
    public void onFinal(String fullText) {
        finalText = fullText;
    }

    @Override
    public void onError(String message, String kind) {
        error = message;
        this.kind = kind;
    }

    /** What a client that honours {@code replace} shows after all deltas. */
    String shown() {
        StringBuilder shown = new StringBuilder();
        for (Delta delta : deltas) {
            if (delta.replace()) {
                shown.setLength(0);
            }
            shown.append(delta.text());
        }
        return shown.toString();
    }
}
