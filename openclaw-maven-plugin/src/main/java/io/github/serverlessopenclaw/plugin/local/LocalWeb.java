package io.github.serverlessopenclaw.plugin.local;

import static io.github.serverlessopenclaw.plugin.local.LocalServers.send;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The web UI the plugin deploys, served on loopback as CloudFront serves it (unknown paths get index.html, hashed
 * assets immutable), with a {@code config.json} naming the local APIs, and {@code /cognito/} relaying the sign-in
 * calls to the local user pool in moto (the browser cannot sign a request to moto across origins).
 */
public final class LocalWeb implements AutoCloseable {
    /** The Cognito operations the UI makes; nothing else is relayed (no admin call reaches moto from a browser). */
    static final Set<String> COGNITO_OPERATIONS = Set.of(
            "InitiateAuth",
            "RespondToAuthChallenge",
            "GetUser",
            "ChangePassword",
            "GlobalSignOut",
            "RevokeToken",
            "ForgotPassword",
            "ConfirmForgotPassword");

    private static final String COGNITO_TARGET = "AWSCognitoIdentityProviderService.";
    /** Far above any sign-in call (an SRP exchange is a few KB); a larger body is refused, not cut and relayed. */
    static final int MAX_COGNITO_BODY = 64 * 1024;

    private final HttpServer server;
    private final Map<String, WebFile> files = new HashMap<>();
    private final byte[] config;
    private final URI moto;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LocalWeb(
            WebAssets assets,
            int port,
            URI moto,
            String userPoolId,
            String clientId,
            URI webSocketUrl,
            URI httpApiUrl,
            Optional<String> telegramBotName)
            throws IOException {
        this.moto = moto;
        assets.files().forEach(f -> files.put(f.key(), f));
        server = LocalServers.loopback(port, "local-web", "the web UI");
        ObjectNode json = new ObjectMapper()
                .createObjectNode()
                .put("cognitoUserPoolId", userPoolId)
                .put("cognitoClientId", clientId)
                .put("webSocketUrl", webSocketUrl.toString())
                .put("apiUrl", httpApiUrl.toString().replaceAll("/+$", ""))
                .put("cognitoEndpoint", url() + "/cognito/");
        telegramBotName.ifPresent(name -> json.put("telegramBotName", name.replaceFirst("^@", "")));
        config = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
        server.createContext("/", this::handle);
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
        List<String> targets = Optional.ofNullable(exchange.getRequestHeaders().get("X-Amz-Target"))
                .orElse(List.of());
        String target =
                targets.size() == 1 ? targets.get(0) : ""; // two targets: which one moto reads is not ours to guess
        if (!target.startsWith(COGNITO_TARGET)
                || !COGNITO_OPERATIONS.contains(target.substring(COGNITO_TARGET.length()))) {
            refuse(exchange, 400, "NotAuthorizedException", "not relayed");
            return;
        }
        if (!loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
            // a DNS-rebound page (evil.example resolving to 127.0.0.1) is same-origin to the browser, not to us
            refuse(exchange, 403, "NotAuthorizedException", "not relayed for this host");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_COGNITO_BODY + 1);
        if (body.length > MAX_COGNITO_BODY) {
            refuse(exchange, 413, "InvalidParameterException", "request body over " + MAX_COGNITO_BODY + " bytes");
            return;
        }
        try {
            HttpResponse<byte[]> answer = http.send(
                    HttpRequest.newBuilder(moto.resolve("/"))
                            .header("Content-Type", "application/x-amz-json-1.1")
                            .header("X-Amz-Target", target)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, answer.statusCode(), "application/x-amz-json-1.1", withChallengeParameters(answer.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    private static boolean loopbackHost(String host) {
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "");
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
    }

    private static void refuse(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(
                exchange,
                status,
                "application/json",
                ("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * moto's NEW_PASSWORD_REQUIRED challenge lacks the userAttributes/requiredAttributes parameters AWS always sends
     * (the UI's Cognito library parses them); added here as the web module's browser test does.
     */
    static byte[] withChallengeParameters(byte[] body) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode json = mapper.readTree(body);
            if (json instanceof ObjectNode object
                    && "NEW_PASSWORD_REQUIRED"
                            .equals(object.path("ChallengeName").asText())
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

    @Override
    public void close() {
        server.stop(0);
    }
}
