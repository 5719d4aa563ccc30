package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Protocol;

/** WebSocket {@code $connect}: a valid Cognito ID token in {@code ?token=} or the handshake fails with 401. */
public final class WsConnectHandler extends JsonStreamHandler {
    private final TokenVerifier verifier;
    private final Connections connections;

    public WsConnectHandler() {
        this(Services.production());
    }

    WsConnectHandler(Services services) {
        this.verifier = new TokenVerifier(services.env(), services.clock());
        this.connections = new Connections(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        String connectionId = Json.text(event.path("requestContext"), "connectionId");
        if (connectionId == null || connectionId.isBlank()) {
            return LambdaResponse.error(400, "Invalid event");
        }
        String token = Json.text(event.path("queryStringParameters"), Protocol.TOKEN_QUERY_PARAMETER);
        if (token == null || token.isEmpty()) {
            return LambdaResponse.error(401, "Missing token");
        }
        String userId;
        try {
            userId = verifier.verify(token);
        } catch (TokenVerifier.InvalidToken e) {
            Log.info("rejected connection " + connectionId + ": " + e.getMessage());
            return LambdaResponse.error(401, "Invalid token");
        }
        connections.save(connectionId, userId);
        return LambdaResponse.text(200, "Connected");
    }
}
