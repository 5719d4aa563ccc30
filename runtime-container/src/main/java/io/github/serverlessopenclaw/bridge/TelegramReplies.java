package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Replies to a Telegram chat ({@code connectionId} = {@code telegram:<chatId>}): Telegram cannot show a
 * stream, so the reply is buffered and sent once complete, as plain text in pieces of at most 4096 characters.
 * Everything for one chat (replies and notices) leaves in the order it was handed over, in the background.
 * Without a bot token nothing can be sent; that is logged, not thrown.
 *
 * <p>While a reply is pending the chat shows "typing…": the bridge is the one that knows (it took the message and
 * waits for the agent) and it holds the bot token, so it sends {@code sendChatAction} when the reply opens and
 * every {@link #TYPING_EVERY} (Telegram shows it for 5 s or until a message arrives) until the reply ends or fails,
 * at most {@link #TYPING_AT_MOST}.
 */
final class TelegramReplies {
    private final URI apiBase;
    private final String botToken;
    private final Executor pool;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, SerialQueue> chats = new ConcurrentHashMap<>();
    static final Duration TYPING_EVERY = Duration.ofSeconds(4);
    /** Past this a reply that never ended (a bug, a lost run) stops showing "typing…". */
    static final Duration TYPING_AT_MOST = Duration.ofMinutes(15);

    private final Duration typingEvery;
    private final ScheduledExecutorService typingClock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "telegram-typing");
        thread.setDaemon(true);
        return thread;
    });

    TelegramReplies(URI apiBase, String botToken, Executor pool) {
        this(apiBase, botToken, pool, TYPING_EVERY);
    }

    TelegramReplies(URI apiBase, String botToken, Executor pool, Duration typingEvery) {
        this.apiBase = apiBase;
        this.botToken = botToken;
        this.pool = pool;
        this.typingEvery = typingEvery;
    }

    Reply open(String connectionId) {
        TelegramReply reply = new TelegramReply(connectionId.substring(Protocol.TELEGRAM_CONNECTION_PREFIX.length()));
        reply.startTyping();
        return reply;
    }

    /** One "typing…" to a chat; failures are logged once per call and otherwise ignored (a nicety, not a reply). */
    void typing(String chatId) {
        if (botToken == null) {
            return;
        }
        ObjectNode body = Json.object().put("chat_id", chatId).put("action", "typing");
        HttpRequest request = HttpRequest.newBuilder(apiBase.resolve("/bot" + botToken + "/sendChatAction"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                Log.warn("Telegram answered " + response.statusCode() + " to sendChatAction");
            }
        } catch (IOException e) {
            Log.warn("Telegram sendChatAction failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends a short text to a chat in the background, after whatever was handed over for that chat before;
     * the future completes (never exceptionally) once Telegram answered, failed or timed out.
     */
    CompletableFuture<Void> notice(String chatId, String text) {
        return queue(chatId).submit(() -> send(chatId, text));
    }

    private SerialQueue queue(String chatId) {
        return chats.computeIfAbsent(chatId, chat -> new SerialQueue(pool));
    }

    /** Sends one text to a chat; returns false (and logs) when Telegram did not take it. */
    boolean send(String chatId, String text) {
        if (botToken == null) {
            Log.warn("no Telegram bot token configured; a reply to a Telegram chat was dropped");
            return false;
        }
        boolean all = true;
        for (String piece : TelegramText.split(TelegramText.plain(text), TelegramText.MAX_CHARS)) {
            ObjectNode body = Json.object().put("chat_id", chatId).put("text", piece);
            HttpRequest request = HttpRequest.newBuilder(apiBase.resolve("/bot" + botToken + "/sendMessage"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    Log.warn("Telegram answered " + response.statusCode() + " to sendMessage");
                    all = false;
                }
            } catch (IOException e) {
                Log.warn("Telegram sendMessage failed", e); // the message names the host, never the token
                all = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return all;
    }

    private final class TelegramReply implements Reply {
        private final String chatId;
        private final StringBuilder buffer = new StringBuilder();
        private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        private ScheduledFuture<?> typing;
        private final long typingUntil = System.nanoTime() + TYPING_AT_MOST.toNanos();

        TelegramReply(String chatId) {
            this.chatId = chatId;
        }

        synchronized void startTyping() {
            typing = typingClock.scheduleAtFixedRate(
                    () -> {
                        if (System.nanoTime() - typingUntil > 0) {
                            stopTyping();
                        } else {
                            pool.execute(() -> typing(chatId)); // the HTTP call off the clock thread
                        }
                    },
                    0,
                    typingEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        synchronized void stopTyping() {
            if (typing != null) {
                typing.cancel(false);
            }
        }

        @Override
        public synchronized void chunk(String content, boolean replace) {
            if (replace) {
                buffer.setLength(0);
            }
            buffer.append(content);
        }

        @Override
        public void end(String fullText) {
            stopTyping();
            String text;
            synchronized (this) {
                text = fullText != null ? fullText : buffer.toString();
                buffer.setLength(0);
            }
            if (!text.isBlank()) {
                last = notice(chatId, text);
            }
        }

        @Override
        public void error(String userText, String code) {
            stopTyping();
            synchronized (this) {
                buffer.setLength(0);
            }
            last = notice(chatId, userText);
        }

        @Override
        public CompletableFuture<Void> delivered() {
            return last;
        }
    }
}
