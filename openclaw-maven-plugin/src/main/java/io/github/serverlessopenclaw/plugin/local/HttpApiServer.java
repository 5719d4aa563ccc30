package io.github.serverlessopenclaw.plugin.local;

import static io.github.serverlessopenclaw.plugin.local.LocalServers.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.apigatewayv2.model.Cors;

/**
 * The HTTP API ({@code $default} stage): routes {@code METHOD /path} to their function with a payload format 2.0
 * event, the JWT authorizer first where the route has one (401 {@code {"message":"Unauthorized"}}), CORS preflights
 * answered from the API's CORS configuration, and the function's answer mapped as API Gateway maps format 2.0
 * responses. API Gateway's answers of its own: 404 {@code Not Found}, 413 over 10 MB, 500 {@code Internal Server
 * Error} on a function error, 503 {@code Service Unavailable} on a timeout (30 s at most).
 */
final class HttpApiServer implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final DeployedApis deployed;
    private final Map<String, LocalFunction> functions;
    private final JwtAuthorizer authorizer;
    private final String domainName;

    private HttpApiServer(
            HttpServer server,
            DeployedApis deployed,
            Map<String, LocalFunction> functions,
            JwtAuthorizer authorizer,
            String region) {
        this.server = server;
        this.deployed = deployed;
        this.functions = functions;
        this.authorizer = authorizer;
        this.domainName = deployed.http().domainName(region);
    }

    static HttpApiServer start(
            int port,
            DeployedApis deployed,
            Map<String, LocalFunction> functions,
            JwtAuthorizer authorizer,
            String region) {
        HttpServer server = LocalServers.loopback(port, "local-http-api", "the HTTP API");
        HttpApiServer api = new HttpApiServer(server, deployed, functions, authorizer, region);
        server.createContext("/", api::handle);
        server.start();
        return api;
    }

    URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            Optional<Cors> cors = deployed.http().cors();
            if (method.equals("OPTIONS")
                    && cors.isPresent()
                    && origin != null
                    && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
                preflight(exchange, cors.get(), origin);
                return;
            }
            cors.ifPresent(c -> allowOrigin(exchange, c, origin));
            DeployedApis.RouteTarget route = match(method, path);
            if (route == null) {
                json(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            AtomicReference<JwtAuthorizer.Accepted> accepted = new AtomicReference<>();
            if (route.authorizer().isPresent()) {
                var result = authorizer.authorize(
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        route.authorizer().get());
                if (result.isEmpty()) {
                    exchange.getResponseHeaders().set("www-authenticate", "Bearer");
                    json(exchange, 401, "{\"message\":\"Unauthorized\"}");
                    return;
                }
                accepted.set(result.get());
            }
            byte[] body = LocalFunction.readLimited(exchange.getRequestBody(), MAX_BODY_BYTES);
            if (body == null) {
                json(exchange, 413, "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            LocalFunction function = functions.get(route.functionName());
            ObjectNode event = Events.http(
                    method,
                    path,
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    body,
                    route.routeKey(),
                    deployed.http().id(),
                    domainName,
                    exchange.getRemoteAddress().getAddress().getHostAddress(),
                    accepted.get() == null ? null : accepted.get().claims(),
                    accepted.get() == null ? null : accepted.get().scopes());
            LocalFunction.Result result = function.invoke(Events.bytes(event));
            if (result.error()) {
                boolean timeout = "Sandbox.Timedout".equals(result.errorType());
                json(
                        exchange,
                        timeout ? 503 : 500,
                        timeout ? "{\"message\":\"Service Unavailable\"}" : "{\"message\":\"Internal Server Error\"}");
                return;
            }
            respond(exchange, result.payload());
        }
    }

    /** An exact {@code METHOD /path} route, then {@code ANY /path}, then {@code $default}. */
    private DeployedApis.RouteTarget match(String method, String path) {
        Map<String, DeployedApis.RouteTarget> routes = deployed.http().routes();
        DeployedApis.RouteTarget route = routes.get(method + " " + path);
        if (route == null) {
            route = routes.get("ANY " + path);
        }
        return route != null ? route : routes.get("$default");
    }

    /**
     * Format 2.0: an object with {@code statusCode} is a response (headers, cookies, body, base64 flag); anything else
     * is the body of a 200 {@code application/json} answer.
     */
    private static void respond(HttpExchange exchange, byte[] payload) throws IOException {
        JsonNode response = null;
        try {
            response = Events.JSON.readTree(payload);
        } catch (IOException e) {
            // not JSON: the payload is the body
        }
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            send(exchange, 200, "application/json", payload);
            return;
        }
        int status = response.get("statusCode").asInt(500);
        response.path("headers")
                .fields()
                .forEachRemaining(h -> exchange.getResponseHeaders()
                        .set(h.getKey(), h.getValue().asText()));
        for (JsonNode cookie : response.path("cookies")) {
            exchange.getResponseHeaders().add("Set-Cookie", cookie.asText());
        }
        JsonNode bodyNode = response.get("body");
        byte[] body = bodyNode == null || bodyNode.isNull()
                ? new byte[0]
                : response.path("isBase64Encoded").asBoolean(false)
                        ? Base64.getDecoder().decode(bodyNode.asText())
                        : (bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString())
                                .getBytes(StandardCharsets.UTF_8);
        send(exchange, status, null, body);
    }

    private static void preflight(HttpExchange exchange, Cors cors, String origin) throws IOException {
        if (allowOrigin(exchange, cors, origin)) {
            var headers = exchange.getResponseHeaders();
            headers.set("Access-Control-Allow-Methods", String.join(",", cors.allowMethods()));
            if (!cors.allowHeaders().isEmpty()) {
                headers.set(
                        "Access-Control-Allow-Headers",
                        String.join(",", cors.allowHeaders()).toLowerCase(Locale.ROOT));
            }
            if (cors.maxAge() != null) {
                headers.set("Access-Control-Max-Age", cors.maxAge().toString());
            }
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private static boolean allowOrigin(HttpExchange exchange, Cors cors, String origin) {
        if (origin == null) {
            return false;
        }
        List<String> origins = cors.allowOrigins();
        if (origins.contains("*") || origins.contains(origin)) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
            return true;
        }
        return false;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
