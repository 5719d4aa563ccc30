package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The bridge's HTTPS API for the Lambdas (docs/protocol.md, "Lambda → bridge"), TLS 1.3 with the container's own
 * self-signed certificate (the Lambdas pin its fingerprint). Every path, {@code /health} included, needs
 * {@code Authorization: Bearer <this container's token>} (constant-time compare) and then
 * {@link Protocol#BRIDGE_TASK_HEADER} naming this container's task: a caller without the token learns nothing,
 * not even which deployment this is. {@code POST /message} answers 202 at once; the work runs in the background.
 * The reply address of web messages is the container's own {@code CALLBACK_URL}, never a field of the request.
 */
final class BridgeHttpApi implements AutoCloseable {
    /** What the bridge says to a valid message. */
    enum Acceptance {
        ACCEPTED,
        SHUTTING_DOWN,
        NOT_OWNER
    }

    /** What the API asks of the bridge. */
    interface Bridge {
        /** Takes a valid message, or says why not (shutting down; a user who is neither owner nor claimer). */
        Acceptance accept(BridgeMessage message);

        ObjectNode status();

        void shutdown(String reason);
    }

    private static final Pattern WEB_CONNECTION_ID = Pattern.compile("[A-Za-z0-9_=+/-]{1,128}");
    private static final Pattern TELEGRAM_CONNECTION_ID =
            Pattern.compile(Pattern.quote(Protocol.TELEGRAM_CONNECTION_PREFIX) + "-?[0-9]{1,20}");
    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final int MAX_USER_ID_CHARS = 256;

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "bridge-http");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] token;
    private final String callbackUrl;
    private final Bridge bridge;
    private final Clock clock;
    /** This container's task ARN once known; until then every request is refused (nobody has the token yet). */
    private volatile byte[] taskArn;

    /**
     * @param identity    the certificate the server presents and the token it requires (in memory only)
     * @param callbackUrl the container's {@code CALLBACK_URL}: where web replies go (null: web messages refused)
     */
    BridgeHttpApi(int port, BridgeTls.Identity identity, String callbackUrl, Bridge bridge, Clock clock) {
        this.token = identity.token().getBytes(StandardCharsets.UTF_8);
        this.callbackUrl = callbackUrl;
        this.bridge = bridge;
        this.clock = clock;
        try {
            server = HttpsServer.create(new InetSocketAddress(port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(identity.serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                var parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setProtocols(new String[] {BridgeTls.PROTOCOL});
                parameters.setNeedClientAuth(false);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The task requests must name ({@link Protocol#BRIDGE_TASK_HEADER}); set before the token is published. */
    void taskArn(String arn) {
        this.taskArn = arn.getBytes(StandardCharsets.UTF_8);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, error("Unauthorized"));
                return;
            }
            if (!sameTask(exchange.getRequestHeaders().getFirst(Protocol.BRIDGE_TASK_HEADER))) {
                respond(exchange, 421, error("Not this task"));
                return;
            }
            switch (path) {
                case Protocol.BRIDGE_HEALTH -> {
                    if (requireMethod(exchange, method, "GET")) {
                        respond(exchange, 200, Json.object().put("status", "ok"));
                    }
                }
                case Protocol.BRIDGE_MESSAGE -> {
                    if (requireMethod(exchange, method, "POST")) {
                        message(exchange);
                    }
                }
                case Protocol.BRIDGE_STATUS -> {
                    if (requireMethod(exchange, method, "GET")) {
                        respond(exchange, 200, bridge.status());
                    }
                }
                case Protocol.BRIDGE_SHUTDOWN -> {
                    if (requireMethod(exchange, method, "POST")) {
                        respond(exchange, 202, Json.object().put("status", "shutting_down"));
                        bridge.shutdown("POST /shutdown");
                    }
                }
                default -> respond(exchange, 404, error("Not found"));
            }
        } catch (RuntimeException e) {
            Log.warn("bridge API request failed", e);
            respond(exchange, 500, error("Internal error"));
        }
    }

    private void message(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            respond(exchange, 400, error("Content-Type must be application/json"));
            return;
        }
        byte[] body = readLimited(exchange.getRequestBody(), Protocol.MAX_BODY_BYTES);
        if (body == null) {
            respond(exchange, 413, error("Body larger than " + Protocol.MAX_BODY_BYTES + " bytes"));
            return;
        }
        JsonNode json;
        try {
            json = Json.read(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, error("Body is not JSON"));
            return;
        }
        String problem = validate(json);
        if (problem != null) {
            respond(exchange, 400, error(problem));
            return;
        }
        String conversationId = Json.text(json, Protocol.FIELD_CONVERSATION_ID);
        BridgeMessage message = new BridgeMessage(
                Json.text(json, Protocol.FIELD_USER_ID),
                Json.text(json, Protocol.FIELD_MESSAGE),
                Protocol.Channel.valueOf(Json.text(json, Protocol.FIELD_CHANNEL)),
                Json.text(json, Protocol.FIELD_CONNECTION_ID),
                callbackUrl,
                conversationId == null ? Protocol.DEFAULT_CONVERSATION : conversationId,
                clock.instant(),
                Language.of(Json.text(json, Protocol.FIELD_LANGUAGE))); // unknown or junk: English
        if (!message.toTelegram() && callbackUrl == null) {
            Log.warn("a web message cannot be answered: CALLBACK_URL is not set");
            respond(exchange, 500, error("Internal error"));
            return;
        }
        switch (bridge.accept(message)) {
            case ACCEPTED -> respond(exchange, 202, Json.object().put("status", "processing"));
            case SHUTTING_DOWN -> respond(exchange, 503, error("The bridge is shutting down"));
            case NOT_OWNER -> respond(exchange, 403, error("Not this container's user"));
        }
    }

    /**
     * The reason a {@code POST /message} body is invalid, or null when it is valid. A {@code callbackUrl} field
     * (sent by older Lambdas) is ignored like any unknown field: replies go only to the container's CALLBACK_URL.
     */
    static String validate(JsonNode json) {
        if (json == null || !json.isObject()) {
            return "Body must be a JSON object";
        }
        for (String field : new String[] {
            Protocol.FIELD_USER_ID, Protocol.FIELD_MESSAGE, Protocol.FIELD_CHANNEL, Protocol.FIELD_CONNECTION_ID
        }) {
            String value = Json.text(json, field);
            if (value == null || value.isBlank()) {
                return "Missing required field: " + field;
            }
        }
        String userId = Json.text(json, Protocol.FIELD_USER_ID);
        if (userId.length() > MAX_USER_ID_CHARS || userId.chars().anyMatch(Character::isISOControl)) {
            return "Invalid userId";
        }
        if (Json.text(json, Protocol.FIELD_MESSAGE).length() > Protocol.MAX_MESSAGE_CHARS) {
            return "Message longer than " + Protocol.MAX_MESSAGE_CHARS + " characters";
        }
        String channel = Json.text(json, Protocol.FIELD_CHANNEL);
        if (!channel.equals(Protocol.Channel.web.name()) && !channel.equals(Protocol.Channel.telegram.name())) {
            return "Invalid channel: use web or telegram";
        }
        String connectionId = Json.text(json, Protocol.FIELD_CONNECTION_ID);
        if (!WEB_CONNECTION_ID.matcher(connectionId).matches()
                && !TELEGRAM_CONNECTION_ID.matcher(connectionId).matches()) {
            return "Invalid connectionId";
        }
        JsonNode conversationId = json.get(Protocol.FIELD_CONVERSATION_ID);
        if (conversationId != null
                && !conversationId.isNull()
                && !(conversationId.isTextual()
                        && CONVERSATION_ID.matcher(conversationId.asText()).matches())) {
            return "Invalid conversationId";
        }
        return null;
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] presented = header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8);
        return presented.length > 0 && MessageDigest.isEqual(presented, token);
    }

    private boolean sameTask(String header) {
        byte[] expected = taskArn;
        return expected != null
                && header != null
                && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static boolean requireMethod(HttpExchange exchange, String method, String expected) throws IOException {
        if (method.equals(expected)) {
            return true;
        }
        exchange.getResponseHeaders().add("Allow", expected);
        respond(exchange, 405, error("Method not allowed: use " + expected));
        return false;
    }

    /** Reads at most {@code limit} bytes; null when the body is longer. */
    private static byte[] readLimited(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static ObjectNode error(String message) {
        return Json.object().put(Protocol.FIELD_ERROR, message);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
