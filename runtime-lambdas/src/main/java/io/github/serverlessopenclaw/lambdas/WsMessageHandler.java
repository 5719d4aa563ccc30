package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Protocol.ClientAction;
import io.github.serverlessopenclaw.common.Protocol.ErrorCode;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.TaskStatus;
import io.github.serverlessopenclaw.common.Texts;

/**
 * WebSocket {@code $default}. The route has no route response, so everything the client must see is
 * pushed with PostToConnection (errors included); the returned status code is for logs and metrics.
 * The user is always the connection's owner, never something the body claims. A connection whose ID token has
 * expired, or whose user was deleted, is told so and closed. Texts for the user are in the connection's language.
 */
public final class WsMessageHandler extends JsonStreamHandler {
    private final Services services;
    private final Connections connections;
    private final TaskStates states;
    private final Conversations conversations;
    private final Router router;
    private final Pusher pusher;

    public WsMessageHandler() {
        this(Services.production());
        // its own path: the connection and the user's row (reads its role may make), the clients routing uses
        Priming.run(() -> {
            connections.find(Priming.USER);
            states.get(Priming.USER);
            services.ecsCalls();
            if (!services.env().callbackUrl().isEmpty()) {
                services.managementApi(services.env().callbackUrl());
            }
        });
    }

    WsMessageHandler(Services services) {
        this.services = services;
        this.connections = new Connections(services);
        this.states = new TaskStates(services);
        this.conversations = new Conversations(services);
        this.router = new Router(services);
        this.pusher = new Pusher(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        String connectionId = Json.text(event.path("requestContext"), "connectionId");
        if (connectionId == null || connectionId.isBlank()) {
            return LambdaResponse.error(400, "Invalid event");
        }
        EventBody body = EventBody.of(event);
        if (body.tooLarge()) {
            return reject(connectionId, 413, "Body too large", ErrorCode.body_too_large);
        }
        if (body.empty()) {
            return reject(connectionId, 400, "Missing body", ErrorCode.missing_body);
        }
        JsonNode frame = Json.parse(body.text()).orElse(null);
        if (frame == null || !frame.isObject()) {
            return reject(connectionId, 400, "Invalid JSON", ErrorCode.invalid_json);
        }
        Connections.Connection connection = connections.find(connectionId);
        if (connection == null) {
            return reject(connectionId, 403, "Connection not found", ErrorCode.unknown_connection);
        }
        if (connection.expired(services.clock().instant())) {
            return close(connectionId, 401, Texts.SESSION_EXPIRED.in(connection.language()), ErrorCode.session_expired);
        }
        String userId = connection.userId();
        if (connections.revoked(userId)) {
            return close(connectionId, 403, Texts.ACCOUNT_DELETED.in(connection.language()), ErrorCode.unauthorized);
        }
        ClientAction action = action(Json.text(frame, Protocol.FIELD_ACTION));
        if (action == null) {
            return reject(connectionId, 400, "Unknown action", ErrorCode.unknown_action);
        }
        return switch (action) {
            case ping -> LambdaResponse.json(200, Json.object().put("status", "ok"));
            case getStatus -> status(connectionId, userId);
            case getHistory -> history(connectionId, userId, frame);
            case sendMessage -> send(connectionId, userId, frame, connection.language());
        };
    }

    private JsonNode send(String connectionId, String userId, JsonNode frame, Language language) {
        JsonNode message = frame.get(Protocol.FIELD_MESSAGE);
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            return reject(connectionId, 400, "Message must be a non-empty string", ErrorCode.invalid_message);
        }
        if (message.asText().length() > Protocol.MAX_MESSAGE_CHARS) {
            return reject(
                    connectionId,
                    413,
                    "Message too long (at most " + Protocol.MAX_MESSAGE_CHARS + " characters)",
                    ErrorCode.message_too_long);
        }
        if (!optionalId(frame, Protocol.FIELD_CONVERSATION_ID)
                || !optionalString(frame, Protocol.FIELD_CLIENT_MESSAGE_ID)) {
            return reject(connectionId, 400, "Invalid conversationId or clientMessageId", ErrorCode.invalid_message);
        }
        Router.Outcome outcome;
        try {
            outcome = router.route(Router.web(
                    userId,
                    message.asText(),
                    connectionId,
                    Json.text(frame, Protocol.FIELD_CONVERSATION_ID),
                    services.env().callbackUrl(),
                    language));
        } catch (RuntimeException e) {
            Log.error("routing a message of " + userId + " failed", e);
            pusher.push(connectionId, Pusher.error(Texts.START_FAILED.in(language), ErrorCode.internal));
            return LambdaResponse.error(500, "Internal error");
        }
        if (outcome == Router.Outcome.rate_limited) {
            return reject(
                    connectionId,
                    429,
                    Texts.RATE_LIMITED.format(language, router.messagesPerMinute()),
                    ErrorCode.rate_limited);
        }
        if (outcome == Router.Outcome.waiting) {
            pusher.push(
                    connectionId,
                    Pusher.error(Texts.AT_CAPACITY.format(language, router.maxContainers()), ErrorCode.at_capacity));
            return LambdaResponse.json(200, Json.object().put("status", "queued"));
        }
        pusher.push(
                connectionId,
                Pusher.status(outcome == Router.Outcome.sent ? TaskStatus.Running.name() : TaskStatus.Starting.name()));
        return LambdaResponse.json(200, Json.object().put("status", "processing"));
    }

    private JsonNode status(String connectionId, String userId) {
        TaskState state = states.get(userId);
        String status = state == null || state.status() == null
                ? TaskStatus.Idle.name()
                : state.status().name();
        ObjectNode frame = Pusher.status(status);
        pusher.push(connectionId, frame);
        return LambdaResponse.json(200, frame);
    }

    private JsonNode history(String connectionId, String userId, JsonNode request) {
        if (!optionalId(request, Protocol.FIELD_CONVERSATION_ID)) {
            return reject(connectionId, 400, "Invalid conversationId", ErrorCode.invalid_message);
        }
        String conversationId = Json.text(request, Protocol.FIELD_CONVERSATION_ID);
        ObjectNode frame = Conversations.historyFrame(
                conversations.history(userId, conversationId == null ? Protocol.DEFAULT_CONVERSATION : conversationId));
        pusher.push(connectionId, frame);
        return LambdaResponse.json(200, frame);
    }

    /** Rejects the frame, then ends the connection: row deleted, socket closed by API Gateway (DeleteConnection). */
    private JsonNode close(String connectionId, int status, String error, ErrorCode code) {
        JsonNode response = reject(connectionId, status, error, code);
        connections.delete(connectionId);
        pusher.disconnect(connectionId);
        return response;
    }

    private JsonNode reject(String connectionId, int status, String error, ErrorCode code) {
        pusher.push(connectionId, Pusher.error(error, code));
        Metrics.count(RuntimeMetric.REJECTED_FRAME, code.name());
        return LambdaResponse.error(status, error);
    }

    private static ClientAction action(String name) {
        if (name == null) {
            return null;
        }
        for (ClientAction action : ClientAction.values()) {
            if (action.name().equals(name)) {
                return action;
            }
        }
        return null;
    }

    private static boolean optionalId(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value == null
                || value.isNull()
                || value.isTextual()
                        && Conversations.VALID_ID.matcher(value.asText()).matches();
    }

    private static boolean optionalString(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value == null
                || value.isNull()
                || value.isTextual() && value.asText().length() <= 128;
    }
}
