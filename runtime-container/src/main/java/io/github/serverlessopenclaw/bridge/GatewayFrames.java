package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The gateway's frames as data, with no connection and no state: what the bridge sends (the {@code connect}
 * request, request envelopes) and what it reads out of what the gateway sends (hello, errors, messages).
 */
final class GatewayFrames {
    static final int PROTOCOL = 4;
    static final String CLIENT_ID = "gateway-client";
    static final String CLIENT_MODE = "backend";
    static final String WRITE_SCOPE = "operator.write";
    static final long DEFAULT_TICK_MS = 30_000;

    private GatewayFrames() {}

    /** The {@code connect} params of a same-host backend: shared token, scopes read+write, no device. */
    static ObjectNode connectParams(String token, String version) {
        ObjectNode params = Json.object().put("minProtocol", PROTOCOL).put("maxProtocol", PROTOCOL);
        params.putObject("client")
                .put("id", CLIENT_ID)
                .put("version", version)
                .put("platform", "linux")
                .put("mode", CLIENT_MODE);
        params.put("role", "operator");
        params.putArray("scopes").add("operator.read").add(WRITE_SCOPE);
        params.putArray("caps");
        params.putObject("auth").put("token", token);
        params.put("userAgent", "openclaw-bridge/" + version);
        return params;
    }

    static String request(String id, String method, JsonNode params) {
        ObjectNode frame = Json.object().put("type", "req").put("id", id).put("method", method);
        frame.set("params", params);
        return Json.write(frame);
    }

    /** Null when the hello grants {@value #WRITE_SCOPE}; otherwise the permanent error to fail with. */
    static GatewayException missingWriteScope(JsonNode hello) {
        ArrayNode scopes = hello.path("auth").path("scopes").isArray()
                ? (ArrayNode) hello.path("auth").path("scopes")
                : Json.array();
        for (JsonNode scope : scopes) {
            if (WRITE_SCOPE.equals(scope.asText())) {
                return null;
            }
        }
        return new GatewayException(
                "the gateway granted scopes " + scopes + " without " + WRITE_SCOPE, "FORBIDDEN", "MISSING_SCOPE", -1);
    }

    static long tickIntervalMs(JsonNode hello) {
        long tick = hello.path("policy").path("tickIntervalMs").asLong(DEFAULT_TICK_MS);
        return tick > 0 ? tick : DEFAULT_TICK_MS;
    }

    /** The {@code error} of a {@code res ok:false}, with its detail code and {@code retryAfterMs}. */
    static GatewayException errorOf(JsonNode error) {
        String message = firstNonNull(Json.text(error, "message"), "request failed");
        long retryAfter = error.path("retryAfterMs").asLong(-1);
        String detail = Json.text(error.path("details"), "code");
        if (detail == null) {
            detail = Json.text(error.path("details"), "reason");
        }
        return new GatewayException(
                message + (detail == null ? "" : " (" + detail + ")"), Json.text(error, "code"), detail, retryAfter);
    }

    /** The error a socket closed by the gateway leaves; 1013 means "starting, try again". */
    static GatewayException closed(int statusCode, String reason) {
        return statusCode == 1013
                ? new GatewayException("gateway starting (" + reason + ")", "UNAVAILABLE", "startup-sidecars", 500)
                : new GatewayException("gateway closed the connection: " + statusCode + " " + reason);
    }

    /** A chat event's {@code final}/{@code error}/{@code aborted}: the states that end a turn. */
    static boolean endsTurn(String state) {
        return "final".equals(state) || "error".equals(state) || "aborted".equals(state);
    }

    /** The text of a chat event's {@code message}, or null when it has none. */
    static String finalText(JsonNode payload) {
        return payload.has("message") ? messageText(payload.get("message")) : null;
    }

    /** The newest assistant message of a {@code chat.history} answer, as plain text. */
    static String lastAssistantText(JsonNode history) {
        JsonNode messages = history == null ? null : history.path("messages");
        if (messages == null || !messages.isArray()) {
            return null;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("assistant".equals(Json.text(message, "role"))) {
                return messageText(message);
            }
            if ("user".equals(Json.text(message, "role"))) {
                return null;
            }
        }
        return null;
    }

    /** Text of a message object: a string {@code content}, or its {@code text} blocks joined. */
    static String messageText(JsonNode message) {
        JsonNode content = message == null ? null : message.get("content");
        if (content == null) {
            return Json.text(message, "text");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode block : content) {
                if ("text".equals(Json.text(block, "type")) && block.hasNonNull("text")) {
                    text.append(block.get("text").asText());
                }
            }
        }
        return text.toString();
    }

    static String firstNonNull(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static GatewayException asGatewayException(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof GatewayException gatewayException) {
            return gatewayException;
        }
        return new GatewayException(describe(cause));
    }

    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof GatewayException ? cause.getMessage() : Log.describe(cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
