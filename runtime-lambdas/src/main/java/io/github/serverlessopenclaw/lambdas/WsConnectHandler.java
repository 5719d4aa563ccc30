package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Protocol;

/**
 * WebSocket {@code $connect}: a valid Cognito ID token in {@code ?token=} of a user that was not deleted, or the
 * handshake fails with 401. The connection is stored with the token's expiry (ws-message closes it then) and the
 * web UI's language ({@code ?lang=}, English when absent or unknown).
 */
public final class WsConnectHandler extends JsonStreamHandler {
    private final TokenVerifier verifier;
    private final Connections connections;

    public WsConnectHandler() {
        this(Services.production());
        Priming.run(() -> connections.find(Priming.USER)); // the read its role makes first (revocation)
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
        Language language =
                Language.of(Json.text(event.path("queryStringParameters"), Protocol.LANGUAGE_QUERY_PARAMETER));
        connections.save(connectionId, verified.sub(), verified.expiresAt(), language);
        return LambdaResponse.text(200, "Connected");
    }
}
