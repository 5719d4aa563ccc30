package io.github.serverlessopenclaw.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events API Gateway hands to a Lambda proxy integration: WebSocket ({@code CONNECT}, {@code MESSAGE},
 * {@code DISCONNECT}, with the request context API Gateway fills) and HTTP API payload format 2.0. Field names and
 * shapes as AWS documents them ("Working with AWS Lambda proxy integrations for HTTP APIs", "Setting up a WebSocket
 * API integration request").
 */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Events() {}

    /** An id like API Gateway's connection and request ids: 10 random bytes, base64 ({@code L0SM9cOFvHcCIhw=}). */
    static String id() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The request context every WebSocket event carries. */
    static ObjectNode webSocketContext(
            WebSocketServer.Connection connection, String routeKey, String eventType, String apiId, String stage) {
        long now = System.currentTimeMillis();
        String requestId = id();
        ObjectNode context = JSON.createObjectNode();
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        context.put("messageDirection", "IN");
        context.put("stage", stage);
        context.put("connectedAt", connection.connectedAt());
        context.put("requestTimeEpoch", now);
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        if (connection.userAgent() != null) {
            identity.put("userAgent", connection.userAgent());
        }
        context.put("requestId", requestId);
        context.put("domainName", connection.domainName());
        context.put("connectionId", connection.id());
        context.put("apiId", apiId);
        return context;
    }

    static ObjectNode connect(
            WebSocketServer.Connection connection,
            Map<String, List<String>> headers,
            Map<String, List<String>> query,
            String apiId,
            String stage) {
        ObjectNode event = JSON.createObjectNode();
        putHeaders(event, headers, false);
        if (!query.isEmpty()) {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.get(values.size() - 1));
                ArrayNode all = multi.putArray(name);
                values.forEach(all::add);
            });
        }
        event.set("requestContext", webSocketContext(connection, "$connect", "CONNECT", apiId, stage));
        event.put("isBase64Encoded", false);
        return event;
    }

    static ObjectNode message(
            WebSocketServer.Connection connection,
            String routeKey,
            byte[] payload,
            boolean text,
            String apiId,
            String stage) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode context = webSocketContext(connection, routeKey, "MESSAGE", apiId, stage);
        context.put("messageId", id());
        event.set("requestContext", context);
        event.put(
                "body",
                text
                        ? new String(payload, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(payload));
        event.put("isBase64Encoded", !text);
        return event;
    }

    static ObjectNode disconnect(
            WebSocketServer.Connection connection, int statusCode, String reason, String apiId, String stage) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode headers = event.putObject("headers");
        headers.put("Host", connection.domainName());
        headers.put("X-Forwarded-For", connection.sourceIp());
        ObjectNode context = webSocketContext(connection, "$disconnect", "DISCONNECT", apiId, stage);
        context.put("disconnectStatusCode", statusCode);
        context.put("disconnectReason", reason);
        event.set("requestContext", context);
        event.put("isBase64Encoded", false);
        return event;
    }

    /**
     * An HTTP API payload format 2.0 event. Header names are lower case and repeated headers joined with commas;
     * cookies go to {@code cookies}; JWT claims become strings as API Gateway passes them.
     */
    static ObjectNode http(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String routeKey,
            String apiId,
            String domainName,
            String sourceIp,
            JsonNode claims,
            List<String> scopes) {
        long now = System.currentTimeMillis();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("cookie")) {
                headerNode.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        List<String> cookies = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("cookie"))
                .flatMap(e -> e.getValue().stream())
                .flatMap(v -> java.util.Arrays.stream(v.split(";\\s*")))
                .toList();
        if (!cookies.isEmpty()) {
            ArrayNode cookieNode = event.putArray("cookies");
            cookies.forEach(cookieNode::add);
        }
        Map<String, List<String>> query = WebSocketServer.parseQuery(rawQuery);
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach((name, values) -> queryNode.put(name, String.join(",", values)));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", apiId);
        if (claims != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            ObjectNode claimNode = jwt.putObject("claims");
            claims.fields().forEachRemaining(e -> claimNode.put(e.getKey(), claimText(e.getValue())));
            if (scopes == null) {
                jwt.putNull("scopes");
            } else {
                ArrayNode scopeNode = jwt.putArray("scopes");
                scopes.forEach(scopeNode::add);
            }
        }
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.split("[.:]")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        String userAgent = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("user-agent"))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse("");
        http.put("userAgent", userAgent);
        context.put("requestId", id());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        context.put("timeEpoch", now);
        if (body != null && body.length > 0) {
            boolean text = isText(headers);
            event.put(
                    "body",
                    text
                            ? new String(body, StandardCharsets.UTF_8)
                            : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** API Gateway passes claims as strings; a list claim reads {@code [a b]}. */
    private static String claimText(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            StringBuilder text = new StringBuilder("[");
            value.forEach(
                    v -> text.append(text.length() > 1 ? " " : "").append(v.isTextual() ? v.asText() : v.toString()));
            return text.append(']').toString();
        }
        return value.toString();
    }

    /** Text bodies are passed as they are, others base64-encoded (API Gateway decides by content type). */
    private static boolean isText(Map<String, List<String>> headers) {
        String type = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .map(e -> e.getValue().get(0).toLowerCase(Locale.ROOT))
                .findFirst()
                .orElse("");
        return type.isEmpty()
                || type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.contains("x-www-form-urlencoded")
                || type.contains("javascript");
    }

    private static void putHeaders(ObjectNode event, Map<String, List<String>> headers, boolean lowerCase) {
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        headers.forEach((name, values) -> {
            String key = lowerCase ? name.toLowerCase(Locale.ROOT) : name;
            single.put(key, values.get(values.size() - 1));
            ArrayNode all = multi.putArray(key);
            values.forEach(all::add);
        });
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
