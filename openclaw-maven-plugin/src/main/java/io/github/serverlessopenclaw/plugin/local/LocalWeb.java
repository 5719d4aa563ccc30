package io.github.serverlessopenclaw.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.serverlessopenclaw.plugin.web.SiteConfig;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import io.github.serverlessopenclaw.plugin.web.WebFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The web UI the plugin deploys, served on loopback as CloudFront serves it (unknown paths get index.html, hashed
 * assets immutable), with a {@code config.json} naming the local APIs, and {@code /cognito/} relaying the sign-in
 * calls to the local user pool in moto (the browser cannot sign a request to moto across origins).
 */
public final class LocalWeb implements AutoCloseable {
    /** The Cognito operations the UI makes; nothing else is relayed (no admin call reaches moto from a browser). */
    static final Set<String> COGNITO_OPERATIONS = Set.of("InitiateAuth", "RespondToAuthChallenge", "GetUser",
            "ChangePassword", "GlobalSignOut", "RevokeToken", "ForgotPassword", "ConfirmForgotPassword");
    private static final String COGNITO_TARGET = "AWSCognitoIdentityProviderService.";

    private final HttpServer server;
    private final Map<String, WebFile> files = new HashMap<>();
    private final byte[] config;
    private final URI moto;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LocalWeb(WebAssets assets, int port, URI moto, String userPoolId, String clientId, URI webSocketUrl, URI httpApiUrl,
                    Optional<String> telegramBotName) throws IOException {
        this.moto = moto;
        assets.files().forEach(f -> files.put(f.key(), f));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("cognitoUserPoolId", userPoolId)
                .put("cognitoClientId", clientId)
                .put("webSocketUrl", webSocketUrl.toString())
                .put("apiUrl", httpApiUrl.toString().replaceAll("/+$", ""))
                .put("cognitoEndpoint", url() + "/cognito/");
        telegramBotName.ifPresent(name -> json.put("telegramBotName", name.replaceFirst("^@", "")));
        config = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(LocalServers.daemon("local-web")));
        server.start();
    }

    /** {@code http://localhost:<port>}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/cognito/") && "POST".equals(exchange.getRequestMethod())) {
                cognito(exchange);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (path.equals("/" + SiteConfig.KEY)) {
                exchange.getResponseHeaders().add("Cache-Control", "no-cache");
                send(exchange, 200, "application/json", config);
                return;
            }
            WebFile file = files.get(path.replaceFirst("^/", ""));
            if (file == null) {
                file = files.get(SiteConfig.INDEX); // the SPA fallback CloudFront has
            }
            exchange.getResponseHeaders().add("Cache-Control", file.cacheControl());
            exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
            send(exchange, 200, file.contentType(), file.content());
        }
    }

    private void cognito(HttpExchange exchange) throws IOException {
        String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
        if (!target.startsWith(COGNITO_TARGET) || !COGNITO_OPERATIONS.contains(target.substring(COGNITO_TARGET.length()))) {
            send(exchange, 400, "application/json", "{\"__type\":\"NotAuthorizedException\",\"message\":\"not relayed\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(64 * 1024);
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(moto.resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", target)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, answer.statusCode(), "application/x-amz-json-1.1", withChallengeParameters(answer.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    /**
     * moto's NEW_PASSWORD_REQUIRED challenge lacks the userAttributes/requiredAttributes parameters AWS always sends
     * (the UI's Cognito library parses them); added here as the web module's browser test does.
     */
    static byte[] withChallengeParameters(byte[] body) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode json = mapper.readTree(body);
            if (json instanceof ObjectNode object && "NEW_PASSWORD_REQUIRED".equals(object.path("ChallengeName").asText())
                    && !object.path("ChallengeParameters").has("userAttributes")) {
                ObjectNode parameters = object.with("ChallengeParameters");
                parameters.put("userAttributes", "{}").put("requiredAttributes", "[]");
                return mapper.writeValueAsBytes(object);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: passed through
        }
        return body;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
