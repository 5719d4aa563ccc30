package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Telegram's Bot API as far as the product calls it ({@code POST /bot<token>/<method>}): every call is recorded and
 * answered {@code {"ok":true}} with a message id. Telegram itself cannot be reached from a test.
 */
final class StubTelegramApi implements AutoCloseable {
    static final String BOT_TOKEN = "4242:local-run-bot-token";
    static final long CHAT_ID = 777_001;

    record Call(String method, JsonNode body) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    StubTelegramApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String prefix = "/bot" + BOT_TOKEN + "/";
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (!path.startsWith(prefix)) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                JsonNode json;
                try {
                    json = new ObjectMapper().readTree(body);
                } catch (IOException e) {
                    json = new ObjectMapper().createObjectNode().put("raw", new String(body, StandardCharsets.UTF_8));
                }
                calls.add(new Call(path.substring(prefix.length()), json));
                byte[] answer = ("{\"ok\":true,\"result\":{\"message_id\":" + calls.size()
                                + ",\"date\":0,\"chat\":{\"id\":" + CHAT_ID + "}}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls() {
        return calls;
    }

    /** The text of every sendMessage to {@code chatId}, in order. */
    List<String> sentTexts(long chatId) {
        return calls.stream()
                .filter(c -> c.method().equals("sendMessage")
                        && c.body().path("chat_id").asLong() == chatId)
                .map(c -> c.body().path("text").asText())
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
