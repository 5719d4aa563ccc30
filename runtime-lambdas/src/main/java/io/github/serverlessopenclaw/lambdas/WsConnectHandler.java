package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.RuntimeMetric;

/**
 * WebSocket {@code $connect}: a valid Cognito ID token in {@code ?token=} of a user that was not deleted, or the
 * handshake fails with 401. The connection is stored with the token's expiry (ws-message closes it then) and the
 * web UI's language ({@code ?lang=}, English when absent or unknown).
 *
 * <p>When the chat view has just opened ({@code ?start=1}) and {@link Env#START_ON_CONNECT} is not {@code false}, the
 * user's container is started now, through the router's claim and launch, so its cold start runs while the user
 * types. That adds at most a few DynamoDB calls and one signed RunTask to the handshake, well inside API Gateway's
 * 29 s integration timeout for WebSocket routes (developer guide, "Quotas for configuring and running a WebSocket API
 * in API Gateway": integration timeout 50 ms - 29 s, not adjustable) and the function's own 10 s. A failure to start
 * never fails the handshake: the user's first message starts the container as it always did.
 */
public final class WsConnectHandler extends JsonStreamHandler {
    private final Services services;
    private final TokenVerifier verifier;
    private final Connections connections;
    private final boolean startOnConnect;
    private final Router router;

    public WsConnectHandler() {
        this(Services.production());
        Priming.run(() -> {
            connections.find(Priming.USER); // the read its role makes first (revocation)
            if (startOnConnect) {
                services.ecsCalls();
            }
        });
    }

    WsConnectHandler(Services services) {
        this.services = services;
        this.verifier = new TokenVerifier(services.env(), services.clock());
        this.connections = new Connections(services);
        this.startOnConnect = services.env().flag(Env.START_ON_CONNECT, true);
        this.router = new Router(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        String connectionId = Json.text(event.path("requestContext"), "connectionId");
        if (connectionId == null || connectionId.isBlank()) {
            return LambdaResponse.error(400, "Invalid event");
        }
        JsonNode query = event.path("queryStringParameters");
        String token = Json.text(query, Protocol.TOKEN_QUERY_PARAMETER);
        if (token == null || token.isEmpty()) {
            return LambdaResponse.error(401, "Missing token");
        }
        TokenVerifier.Verified verified;
        try {
            verified = verifier.verify(token);
        } catch (TokenVerifier.InvalidToken e) {
            Log.info("rejected connection " + connectionId + ": " + e.getMessage());
            return LambdaResponse.error(401, "Invalid token");
        }
        if (connections.revoked(verified.sub())) {
            // the user was deleted; the token stays valid until it expires, the revocation longer
            Log.info("rejected connection " + connectionId + ": user deleted");
            return LambdaResponse.error(401, "Invalid token");
        }
        // the web UI's language, a hint: Language.of turns anything it does not know into English
        Language language = Language.of(Json.text(query, Protocol.LANGUAGE_QUERY_PARAMETER));
        connections.save(connectionId, verified.sub(), verified.expiresAt(), language);
        if (startOnConnect && "1".equals(Json.text(query, Protocol.START_QUERY_PARAMETER))) {
            startContainer(verified.sub(), connectionId);
        }
        return LambdaResponse.text(200, "Connected");
    }

    /** Starts the user's container if none is running or starting; logs and counts a failure, never throws. */
    private void startContainer(String userId, String connectionId) {
        String callbackUrl = services.env().callbackUrl();
        if (callbackUrl.isEmpty()) {
            Log.warn(Env.WEBSOCKET_CALLBACK_URL + " is not set; a container without it cannot start, so none is");
            Metrics.count(RuntimeMetric.CONNECT_START_FAILED);
            return;
        }
        try {
            Router.EarlyStart outcome =
                    router.startWithoutMessage(userId, TaskLauncher.taskEnvironment(userId, callbackUrl));
            if (outcome == Router.EarlyStart.started) {
                Metrics.count(RuntimeMetric.CONNECT_STARTED);
            }
            Log.info("connection " + connectionId + " of " + userId + ": container " + outcome);
        } catch (RuntimeException e) {
            Log.error("starting the container of " + userId + " on connect failed; their first message tries again", e);
            Metrics.count(RuntimeMetric.CONNECT_START_FAILED);
        }
    }
}
