package io.github.serverlessopenclaw.lambdas;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.serverlessopenclaw.common.BridgeTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server on loopback standing in for the parts moto has no emulator for: the bridge inside
 * the Fargate task, the Telegram Bot API, and a Cognito JWKS endpoint with keys the test controls.
 * Records every request; answers with the configured status, body and delay ({@link #nextStatuses} first, one per
 * request). With a {@link BridgeTls.Identity} it serves HTTPS with that certificate, as the bridge does; then it
 * records only requests that arrived over a completed handshake, so an empty list means nothing was sent.
 */
final class StubServer implements AutoCloseable {
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String body = "{}";
    volatile long delayMs;
    /** Statuses answered before {@link #status}, one per request, in order. */
    final Deque<Integer> nextStatuses = new ConcurrentLinkedDeque<>();
    /** Runs on each request before it is answered (a test changing the world meanwhile). */
    volatile java.util.function.Consumer<Request> onRequest = request -> {};

    private final boolean tls;

    StubServer() {
        this(null);
    }

    StubServer(BridgeTls.Identity identity) {
        this.tls = identity != null;
        try {
            if (identity == null) {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } else {
                HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                https.setHttpsConfigurator(new HttpsConfigurator(identity.serverContext()));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    requestBody);
            requests.add(request);
            onRequest.accept(request);
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Integer scripted = nextStatuses.poll();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(scripted != null ? scripted : status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
