package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "typing…" while a Telegram reply is pending, against a local stand-in for the Bot API that records each call
 * (the real API cannot be reached from a test; its contract here is only method, path and JSON body).
 */
class TelegramTypingTest {
    private static final Duration EVERY = Duration.ofMillis(100);
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ExecutorService pool;
    private TelegramReplies replies;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.add(exchange.getRequestURI().getPath().replaceAll(".*/", "") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{\"ok\":true,\"result\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
        pool = Executors.newFixedThreadPool(4);
        replies = new TelegramReplies(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "42:token", pool, EVERY);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        server.stop(0);
    }

    private long typings() {
        return calls.stream().filter(c -> c.startsWith("sendChatAction ")).count();
    }

    /** Waits until at least {@code count} typing calls arrived; fails after 10 s (a first HTTP call can be slow). */
    private void awaitTypings(long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (typings() < count) {
            assertThat(System.nanoTime())
                    .as("%d typing calls within 10 s, got %d", count, typings())
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void typingIsShownAtOnceRenewedWhileTheReplyIsPendingAndStopsWithIt() throws Exception {
        Reply reply = replies.open("telegram:777");
        awaitTypings(3); // renewed: one call is not enough
        assertThat(calls).first().isEqualTo("sendChatAction {\"chat_id\":\"777\",\"action\":\"typing\"}");

        reply.chunk("Hel", false);
        reply.end("Hello");
        reply.delivered().get(5, TimeUnit.SECONDS);
        Thread.sleep(EVERY.toMillis() * 2); // a call already handed to the pool may still land
        long atEnd = typings();
        Thread.sleep(EVERY.toMillis() * 5);

        assertThat(typings()).isEqualTo(atEnd);
        assertThat(calls)
                .filteredOn(c -> c.startsWith("sendMessage "))
                .singleElement()
                .asString()
                .contains("\"text\":\"Hello\"");
    }

    @Test
    void anErrorStopsTypingToo() throws Exception {
        Reply reply = replies.open("telegram:778");
        awaitTypings(1);
        reply.error("The agent took too long to answer and was stopped. Please try again.", "timeout");
        reply.delivered().get(5, TimeUnit.SECONDS);
        Thread.sleep(EVERY.toMillis() * 2);
        long atEnd = typings();
        Thread.sleep(EVERY.toMillis() * 5);

        assertThat(atEnd).isPositive();
        assertThat(typings()).isEqualTo(atEnd);
    }

    @Test
    void withoutABotTokenNothingIsSent() throws Exception {
        TelegramReplies tokenless = new TelegramReplies(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, pool, EVERY);
        Reply reply = tokenless.open("telegram:779");
        Thread.sleep(EVERY.toMillis() * 3);
        reply.end("x");

        assertThat(calls).isEmpty();
    }
}
