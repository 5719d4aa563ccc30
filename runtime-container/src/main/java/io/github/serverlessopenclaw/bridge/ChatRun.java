package io.github.serverlessopenclaw.bridge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** One run: its streamed text so far and its outcome. */
final class ChatRun {
    final String sessionKey;
    final String message;
    final String idempotencyKey;
    final GatewayClient.RunListener listener;
    final StringBuilder text = new StringBuilder();
    final List<String> aliases = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> done = new CompletableFuture<>();
    private final Map<String, ChatRun> runs;
    private boolean replaceNext;
    /** Ended without text while the session ran another turn; that turn's end answers it. */
    volatile boolean awaitingSessionTurn;
    /** Lived through a lost connection (and maybe a gateway restart). */
    volatile boolean resumed;
    /** The idempotency key of the latest {@code chat.send} (a new one when sent again as a new message). */
    volatile String sendKey;

    volatile int contentionRetries;

    /** {@code runs} is the registry the run removes itself from (under its key and aliases) once done. */
    ChatRun(
            String sessionKey,
            String message,
            String idempotencyKey,
            GatewayClient.RunListener listener,
            Map<String, ChatRun> runs) {
        this.sessionKey = sessionKey;
        this.message = message;
        this.idempotencyKey = idempotencyKey;
        this.sendKey = idempotencyKey;
        this.listener = listener;
        this.runs = runs;
    }

    /** Known under {@code key} too (the gateway's run id, or the key of a re-send). */
    void alias(String key) {
        runs.put(key, this);
        aliases.add(key);
    }

    synchronized void delta(String delta, boolean replace) {
        if (done.isDone()) {
            return;
        }
        boolean replacing = replace || replaceNext;
        replaceNext = false;
        if (replacing) {
            text.setLength(0);
        }
        text.append(delta);
        listener.onDelta(replacing ? text.toString() : delta, replacing);
    }

    /** The gateway runs this message again from the start: the next text replaces what was shown. */
    synchronized void restarted() {
        text.setLength(0);
        replaceNext = true;
    }

    synchronized String streamed() {
        return text.toString();
    }

    synchronized void complete(String fullText) {
        if (done.isDone()) {
            return;
        }
        forget();
        listener.onFinal(fullText);
        done.complete(fullText);
    }

    synchronized void fail(String message, String kind) {
        if (done.isDone()) {
            return;
        }
        forget();
        listener.onError(message, kind);
        done.completeExceptionally(new GatewayException(message, "RUN_FAILED", kind, -1));
    }

    private void forget() {
        runs.remove(idempotencyKey, this);
        aliases.forEach(alias -> runs.remove(alias, this));
    }
}
