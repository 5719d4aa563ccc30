package io.github.serverlessopenclaw.plugin.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;

/**
 * The WebSocket API's management API, {@code <endpoint>/@connections/{connectionId}}: POST sends the body to the
 * client (split into 32 KB frames; at most 128 KB, else 413 PayloadTooLargeException), GET describes the connection,
 * DELETE closes it; an id that is not open answers 410 GoneException, as API Gateway does. Requests must be SigV4
 * signed (an {@code AWS4-HMAC-SHA256} Authorization header; the signature itself and the caller's
 * {@code execute-api:ManageConnections} grant are not checked locally).
 */
final class ManagementApi implements AutoCloseable {
    private final HttpServer server;
    private final String stage;
    private final Connections connections;

    private ManagementApi(HttpServer server, String stage, Connections connections) {
        this.server = server;
        this.stage = stage;
        this.connections = connections;
    }

    static ManagementApi start(int port, String stage, Connections connections) {
        HttpServer server = LocalServers.loopback(port, "local-connections-api", "the @connections API");
        ManagementApi api = new ManagementApi(server, stage, connections);
        server.createContext("/", api::handle);
        server.start();
        return api;
    }

    /** {@code http://127.0.0.1:<port>/<stage>}: the callback URL (WEBSOCKET_CALLBACK_URL). */
    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + "/" + stage);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String prefix = "/" + stage + "/@connections/";
            String path = exchange.getRequestURI().getPath(); // percent-decoded: ids end in '='
            if (!path.startsWith(prefix) || path.length() == prefix.length()) {
                error(exchange, 403, "ForbiddenException", "Forbidden");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                error(exchange, 403, "ForbiddenException", "Missing Authentication Token");
                return;
            }
            String id = path.substring(prefix.length());
            var connection = connections.get(id).filter(WebSocketServer.Connection::isOpen);
            byte[] body = LocalFunction.readLimited(exchange.getRequestBody(), WebSocketServer.MAX_MESSAGE_BYTES);
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    if (body == null) {
                        error(exchange, 413, "PayloadTooLargeException", "Request Entity Too Large");
                    } else if (connection.isEmpty()) {
                        error(exchange, 410, "GoneException", null);
                    } else {
                        try {
                            connection.get().send(body, true);
                            LocalFunction.send(exchange, 200, "");
                        } catch (IOException e) {
                            connection.get().close(1006, "Connection closed abnormally");
                            error(exchange, 410, "GoneException", null);
                        }
                    }
                }
                case "GET" -> {
                    if (connection.isEmpty()) {
                        error(exchange, 410, "GoneException", null);
                    } else {
                        WebSocketServer.Connection c = connection.get();
                        var json = Events.JSON.createObjectNode();
                        json.put(
                                "connectedAt",
                                Instant.ofEpochMilli(c.connectedAt()).toString());
                        var identity = json.putObject("identity");
                        identity.put("sourceIp", c.sourceIp());
                        if (c.userAgent() != null) {
                            identity.put("userAgent", c.userAgent());
                        }
                        json.put(
                                "lastActiveAt",
                                Instant.ofEpochMilli(c.lastActiveAt()).toString());
                        LocalFunction.send(exchange, 200, json.toString());
                    }
                }
                case "DELETE" -> {
                    if (connection.isEmpty()) {
                        error(exchange, 410, "GoneException", null);
                    } else {
                        connection.get().close(1000, "");
                        exchange.sendResponseHeaders(204, -1);
                    }
                }
                default -> error(exchange, 403, "ForbiddenException", "Missing Authentication Token");
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        LocalFunction.send(
                exchange, status, message == null ? "{}" : "{\"message\":" + RuntimeLoop.quote(message) + "}");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
