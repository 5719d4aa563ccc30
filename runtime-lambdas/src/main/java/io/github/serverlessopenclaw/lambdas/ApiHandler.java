package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.TaskStatus;

/**
 * The HTTP API routes behind the JWT authorizer (docs/protocol.md, "HTTP API"). The user is the
 * authorizer's verified {@code sub}; a request without one is refused even if it reached the function, and so is
 * one of a deleted user (whose ID token the authorizer still accepts until it expires): it could otherwise link a
 * Telegram account to the deleted user and keep using the agent.
 */
public final class ApiHandler extends JsonStreamHandler {
    private final TaskStates states;
    private final Conversations conversations;
    private final Identity identity;
    private final Connections connections;

    public ApiHandler() {
        this(Services.production());
    }

    ApiHandler(Services services) {
        this.states = new TaskStates(services);
        this.conversations = new Conversations(services);
        this.identity = new Identity(services);
        this.connections = new Connections(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        String userId = Json.text(Json.path(event, "requestContext", "authorizer", "jwt", "claims"), "sub");
        if (userId == null || userId.isBlank() || connections.revoked(userId)) {
            return LambdaResponse.error(401, "Unauthorized");
        }
        String method = Json.text(Json.path(event, "requestContext", "http"), "method");
        String path = Json.text(event, "rawPath");
        if (method == null || path == null) {
            return LambdaResponse.error(400, "Invalid event");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return switch (method + " " + path) {
            case "GET /conversations" -> conversations(userId, event);
            case "GET /status" -> status(userId);
            case "POST /link/generate-otp" ->
                LambdaResponse.json(
                        200,
                        Json.object()
                                .put("code", identity.generateOtp(userId))
                                .put("expiresInSeconds", Identity.OTP_TTL.toSeconds()));
            case "GET /link/status" -> linkStatus(userId);
            case "POST /link/unlink" -> {
                identity.unlink(userId);
                yield LambdaResponse.json(200, Json.object().put("success", true));
            }
            default -> LambdaResponse.error(404, "Not found");
        };
    }

    private JsonNode conversations(String userId, JsonNode event) {
        JsonNode id = event.path("queryStringParameters").get(Protocol.FIELD_CONVERSATION_ID);
        String conversationId = id == null || id.isNull() ? Protocol.DEFAULT_CONVERSATION : id.asText();
        if (id != null
                && !id.isNull()
                && (!id.isTextual()
                        || !Conversations.VALID_ID.matcher(conversationId).matches())) {
            return LambdaResponse.error(400, "Invalid conversationId");
        }
        ObjectNode body = Json.object();
        body.set(Protocol.FIELD_MESSAGES, conversations.history(userId, conversationId));
        return LambdaResponse.json(200, body);
    }

    private JsonNode status(String userId) {
        TaskState state = states.get(userId);
        ObjectNode body = Json.object();
        if (state == null || state.status() == null) {
            return LambdaResponse.json(200, body.put("status", TaskStatus.Idle.name()));
        }
        body.put("status", state.status().name());
        if (state.startedAt() != null) {
            body.put("startedAt", state.startedAt().toString());
        }
        if (state.lastActivity() != null) {
            body.put("lastActivity", state.lastActivity().toString());
        }
        return LambdaResponse.json(200, body);
    }

    private JsonNode linkStatus(String userId) {
        Identity.LinkStatus status = identity.status(userId);
        ObjectNode body = Json.object().put("linked", status.linked());
        if (status.linked()) {
            body.put("telegramUserId", status.telegramUserId());
        }
        return LambdaResponse.json(200, body);
    }
}
