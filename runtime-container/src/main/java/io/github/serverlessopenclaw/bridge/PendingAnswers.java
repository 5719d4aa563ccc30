package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Answers the messages the Lambdas queued for a user while no container could take them, oldest first. */
final class PendingAnswers {
    private final PendingQueue pending;
    private final MessageProcessor processor;
    private final String callbackUrl;
    private final Clock clock;

    PendingAnswers(PendingQueue pending, MessageProcessor processor, String callbackUrl, Clock clock) {
        this.pending = pending;
        this.processor = processor;
        this.callbackUrl = callbackUrl;
        this.clock = clock;
    }

    /**
     * Answers every queued message of {@code user} until the queue stays empty or {@code accepting} turns false;
     * {@code served} hears each user answered. Failures are logged, never thrown. Returns how many it answered.
     */
    int drain(String user, BooleanSupplier accepting, Consumer<String> served, CompletableFuture<Void> workspaceReady) {
        int answered = 0;
        try {
            List<PendingQueue.Item> items = pending.list(user);
            while (!items.isEmpty() && accepting.getAsBoolean()) {
                for (PendingQueue.Item item : items) {
                    if (!accepting.getAsBoolean()) {
                        break;
                    }
                    BridgeMessage message = new BridgeMessage(
                            item.userId(),
                            item.message(),
                            MessageProcessor.channel(item.channel()),
                            item.connectionId(),
                            callbackUrl,
                            item.conversationId() == null ? Protocol.DEFAULT_CONVERSATION : item.conversationId(),
                            item.createdAt() == null ? clock.instant() : item.createdAt(),
                            item.language());
                    if (!message.toTelegram() && message.callbackUrl() == null) {
                        Log.warn("a pending web message cannot be answered: CALLBACK_URL is not set");
                    } else {
                        served.accept(message.userId());
                        processor.process(message, workspaceReady).join();
                        answered++;
                    }
                    pending.delete(item);
                }
                items = pending.list(user);
            }
        } catch (RuntimeException e) {
            Log.warn("pending messages could not be drained", e);
        }
        Metrics.emit(RuntimeMetric.PENDING_MESSAGES_CONSUMED, answered);
        return answered;
    }
}
