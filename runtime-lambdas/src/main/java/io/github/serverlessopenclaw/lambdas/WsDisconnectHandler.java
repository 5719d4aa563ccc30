package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;

/** WebSocket {@code $disconnect}: forgets the connection. */
public final class WsDisconnectHandler extends JsonStreamHandler {
    private final Connections connections;

    public WsDisconnectHandler() {
        this(Services.production());
    }

    WsDisconnectHandler(Services services) {
        this.connections = new Connections(services);
    }

    @Override
    JsonNode handle(JsonNode event) {
        String connectionId = Json.text(event.path("requestContext"), "connectionId");
        if (connectionId == null || connectionId.isBlank()) {
            return LambdaResponse.error(400, "Invalid event");
        }
        connections.delete(connectionId);
        return LambdaResponse.text(200, "Disconnected");
    }
}
