package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.Texts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers one user message: {@code chat.send} to the user's own session, the streamed reply to the user's
 * channel, the exchange saved to Conversations. Every accepted message ends in exactly one of: a complete
 * reply, an error the user sees, or (at shutdown) back in the pending queue.
 */
final class MessageProcessor {
    /** Turns of the stored conversation given to a session the gateway does not know yet (a new container). */
    static final int HISTORY_TURNS = 20;

    /** What the bridge is doing for one accepted message. */
    final class InFlight {
        final BridgeMessage message;
        final Reply reply;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile String idempotencyKey;
        /** Set once the run's outcome is decided (reply ended, failed, or requeued); later gateway events are dropped. */
        final AtomicBoolean over = new AtomicBoolean();

        InFlight(BridgeMessage message, Reply reply) {
            this.message = message;
            this.reply = reply;
        }
    }

    private final GatewayClient gateway;
    private final CompletableFuture<Void> gatewayReady;
    private final WebSocketReplies web;
    private final TelegramReplies telegram;
    private final ConversationStore conversations;
    private final LatencyRecorder latency;
    private final Duration runTimeout;
    private final Set<String> primedSessions = ConcurrentHashMap.newKeySet();
    private final Map<InFlight, Boolean> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> sessionTails = new java.util.HashMap<>();
    private volatile Runnable onActivity = () -> {};

    MessageProcessor(
            GatewayClient gateway,
            CompletableFuture<Void> gatewayReady,
            WebSocketReplies web,
            TelegramReplies telegram,
            ConversationStore conversations,
            LatencyRecorder latency,
            Duration runTimeout) {
        this.gateway = gateway;
        this.gatewayReady = gatewayReady;
        this.web = web;
        this.telegram = telegram;
        this.conversations = conversations;
        this.latency = latency;
        this.runTimeout = runTimeout;
    }

    void onActivity(Runnable callback) {
        onActivity = callback;
    }

    /** The gateway session of one user's conversation: stable, and safe whatever the user id contains. */
    static String sessionKey(String userId, String conversationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((userId + "\n" + conversationId).getBytes(StandardCharsets.UTF_8));
            return "agent:main:bridge-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts answering once the gateway and {@code workspaceReady} (the user's files restored) are; the future
     * completes once the outcome has been delivered. Never fails.
     */
    CompletableFuture<Void> process(BridgeMessage message, CompletableFuture<Void> workspaceReady) {
        long received = System.nanoTime();
        Reply reply = message.toTelegram()
                ? telegram.open(message.connectionId())
                : web.open(message.callbackUrl(), message.connectionId());
        InFlight run = new InFlight(message, reply);
        inFlight.put(run, Boolean.TRUE);
        onActivity.run();
        String sessionKey = sessionKey(message.userId(), message.conversationId());
        AtomicBoolean over = run.over;
        CompletableFuture<Void> turnOver = new CompletableFuture<>(); // the session is free for the next message
        CompletableFuture<Void> previous = queueInSession(sessionKey, turnOver);
        gatewayReady
                .thenCombine(workspaceReady, (gatewayUp, restored) -> null)
                .thenCombine(previous, (ready, previousDone) -> null)
                .thenCompose(ready -> {
                    if (over.get()) {
                        return CompletableFuture.completedFuture(
                                (String) null); // put back in the queue while it waited
                    }
                    String text = withHistory(sessionKey, message);
                    run.idempotencyKey = UUID.randomUUID().toString();
                    latency.dispatched(System.nanoTime() - received);
                    AtomicBoolean answering = new AtomicBoolean();
                    Runnable firstText = () -> {
                        if (answering.compareAndSet(false, true)) {
                            Metrics.emit(
                                    RuntimeMetric.FIRST_RESPONSE_TIME,
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - received),
                                    message.channel().name());
                        }
                    };
                    return gateway.send(
                                    sessionKey,
                                    text,
                                    run.idempotencyKey,
                                    listener(reply, over, message.language(), firstText),
                                    Duration.ofSeconds(60))
                            .orTimeout(runTimeout.toMillis(), TimeUnit.MILLISECONDS);
                })
                .whenComplete((fullText, error) -> {
                    turnOver.complete(null);
                    if (error != null) {
                        Throwable cause = GatewayFrames.asGatewayException(error);
                        if ((error instanceof java.util.concurrent.TimeoutException
                                        || error.getCause() instanceof java.util.concurrent.TimeoutException)
                                && over.compareAndSet(false, true)) {
                            gateway.abort(sessionKey, run.idempotencyKey);
                            reply.error(Texts.TIMEOUT.in(message.language()), "timeout");
                        } else if (over.compareAndSet(false, true)) {
                            reply.error(userText(cause.getMessage(), "unavailable", message.language()), "unavailable");
                        }
                    } else if (conversations != null && fullText != null && !fullText.isBlank()) {
                        try {
                            conversations.saveExchange(
                                    message.userId(),
                                    message.conversationId(),
                                    message.channel().name(),
                                    message.message(),
                                    fullText);
                        } catch (RuntimeException e) {
                            Log.warn("could not save the conversation", e);
                        }
                    }
                    reply.delivered().whenComplete((ignored, deliveryError) -> {
                        String channel = message.channel().name();
                        Metrics.emit(
                                RuntimeMetric.MESSAGE_LATENCY,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - received),
                                channel);
                        if (fullText != null) {
                            Metrics.emit(RuntimeMetric.RESPONSE_LENGTH, fullText.length(), channel);
                        }
                        inFlight.remove(run);
                        onActivity.run();
                        run.done.complete(null);
                    });
                });
        return run.done;
    }

    /**
     * One run at a time per session, in arrival order: the gateway folds a message that arrives while its
     * session is busy into the running turn and ends the new run without text of its own (seen with a claimed
     * container answering its queue and a new message at once), so the next message waits for the previous.
     */
    private CompletableFuture<Void> queueInSession(String sessionKey, CompletableFuture<Void> turnOver) {
        CompletableFuture<Void> previous;
        synchronized (sessionTails) {
            previous = sessionTails.getOrDefault(sessionKey, CompletableFuture.completedFuture(null));
            sessionTails.put(sessionKey, turnOver);
        }
        turnOver.whenComplete((ignored, error) -> {
            synchronized (sessionTails) {
                sessionTails.remove(sessionKey, turnOver);
            }
        });
        return previous;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    /** Messages accepted but not yet answered (for shutdown). */
    private List<InFlight> unfinished() {
        return List.copyOf(inFlight.keySet());
    }

    /**
     * At shutdown: waits up to {@code wait} for the messages in flight; each one still unanswered then is taken
     * back: its run is stopped in the gateway, {@code requeue} puts it back in the queue, and the user is told.
     */
    void finishOrRequeue(long waitNanos, java.util.function.Consumer<BridgeMessage> requeue) {
        CompletableFuture<?>[] done = unfinished().stream().map(run -> run.done).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(done).get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            // some did not finish in time; handled below
        }
        for (InFlight run : unfinished()) {
            requeue(run, requeue);
        }
    }

    /** An accepted message the bridge cannot finish goes back to the queue, and the user is told. */
    private void requeue(InFlight run, java.util.function.Consumer<BridgeMessage> requeue) {
        if (!run.over.compareAndSet(false, true)) {
            return; // it finished meanwhile; the abort below would otherwise reach the user after "requeued"
        }
        try {
            if (run.idempotencyKey != null) {
                gateway.abort(sessionKey(run.message.userId(), run.message.conversationId()), run.idempotencyKey)
                        .orTimeout(2, TimeUnit.SECONDS)
                        .exceptionally(e -> null);
            }
            requeue.accept(run.message);
            run.reply.error(Texts.REQUEUED.in(run.message.language()), "requeued");
            run.reply.delivered().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warn("could not put an unanswered message back in the queue", e);
        }
    }

    /** Forwards the run to the reply until the run is over (a timed-out run's late events are dropped). */
    /** {@code firstText} runs once, with the answer's first text (a delta, or the final text when none came before). */
    private GatewayClient.RunListener listener(Reply reply, AtomicBoolean over, Language language, Runnable firstText) {
        return new GatewayClient.RunListener() {
            @Override
            public void onDelta(String text, boolean replace) {
                if (!over.get()) {
                    firstText.run();
                    reply.chunk(text, replace);
                }
            }

            @Override
            public void onFinal(String fullText) {
                if (over.compareAndSet(false, true)) {
                    firstText.run();
                    reply.end(fullText);
                }
            }

            @Override
            public void onError(String message, String kind) {
                if (over.compareAndSet(false, true)) {
                    reply.error(userText(message, kind, language), kind);
                }
            }
        };
    }

    /** The text a user sees when a reply fails: what happened, and what to do. */
    static String userText(String reason, String kind, Language language) {
        return switch (kind == null ? "" : kind) {
            case "timeout" -> Texts.MODEL_TIMEOUT.in(language);
            case "rate_limit" -> Texts.MODEL_BUSY.in(language);
            case "context_length" -> Texts.CONTEXT_TOO_LONG.in(language);
            case "refusal" -> Texts.MODEL_REFUSED.in(language);
            case "aborted" -> Texts.ABORTED.in(language);
            case "unavailable" -> Texts.UNAVAILABLE.format(language, reason);
            default -> Texts.COULD_NOT_ANSWER.format(language, reason);
        };
    }

    /**
     * The first message a session gets in this container carries the stored conversation: the gateway's own
     * transcript does not outlive the container, Conversations does.
     */
    private String withHistory(String sessionKey, BridgeMessage message) {
        if (conversations == null || !primedSessions.add(sessionKey)) {
            return message.message();
        }
        List<ConversationStore.Turn> turns;
        try {
            turns = conversations.recent(message.userId(), message.conversationId(), HISTORY_TURNS);
        } catch (RuntimeException e) {
            Log.warn("could not load the conversation history", e);
            return message.message();
        }
        if (turns.isEmpty()) {
            return message.message();
        }
        StringBuilder text = new StringBuilder("<conversation_history>\n");
        for (ConversationStore.Turn turn : turns) {
            text.append("<message role=\"")
                    .append(turn.role())
                    .append("\">")
                    .append(turn.content())
                    .append("</message>\n");
        }
        return text.append("</conversation_history>\n\n")
                .append(message.message())
                .toString();
    }

    static Protocol.Channel channel(String name) {
        return "telegram".equals(name) ? Protocol.Channel.telegram : Protocol.Channel.web;
    }
}
