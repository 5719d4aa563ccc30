package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A local HTTP endpoint that records every POST: the API Gateway Management API stand-in
 * ({@code POST [/<stage>]/@connections/<id>}, body = the frame) and the Telegram Bot API stand-in
 * ({@code POST /bot<token>/sendMessage}). A stand-in because moto keeps posted frames where no API can read
 * them back and never answers GoneException (moto-capabilities §2), and Telegram is outside.
 */
final class Recorder implements AutoCloseable {
    record Post(String path, JsonNode body, long nanos) {
        /** The connection id of a PostToConnection path. */
        String connectionId() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        String type() {
            return body.path("type").asText();
        }
    }

    private final HttpServer server;
    final List<Post> posts = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> gone = path -> false;

    Recorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                if (gone.test(path)) {
                    byte[] answer = "{\"message\":\"Gone\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
                    exchange.sendResponseHeaders(410, answer.length);
                    exchange.getResponseBody().write(answer);
                    return;
                }
                posts.add(new Post(path, body.isEmpty() ? Json.object() : Json.read(body), System.nanoTime()));
                byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void goneWhen(Predicate<String> path) {
        gone = path;
    }

    List<Post> to(String connectionId) {
        return posts.stream()
                .filter(post -> post.path().endsWith("/@connections/" + connectionId))
                .toList();
    }

    /** Telegram stand-in: the sendMessage calls to one chat, in arrival order. */
    List<Post> toChat(String chatId) {
        return posts.stream()
                .filter(post -> post.path().endsWith("/sendMessage")
                        && chatId.equals(post.body().path("chat_id").asText()))
                .toList();
    }

    /** Waits until a frame of {@code type} reached the connection; fails with what did arrive. */
    List<Post> awaitType(String connectionId, String type, Duration timeout) {
        return Await.await(
                () -> to(connectionId),
                frames -> frames.stream().anyMatch(post -> post.type().equals(type)),
                timeout,
                "a " + type + " frame for " + connectionId);
    }

    /** What a browser shows after these frames: chunks appended, {@code replace} starting over. */
    static String shown(List<Post> frames) {
        StringBuilder text = new StringBuilder();
        for (Post post : frames) {
            if (post.type().equals("stream_chunk")) {
                if (post.body().path("replace").asBoolean(false)) {
                    text.setLength(0);
                }
                text.append(post.body().path("content").asText());
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
