package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Protocol;
import java.io.IOException;
import java.util.Map;

/** Lambda → bridge: {@code POST /message} with the bearer token, 3 s timeouts, at most 4 KiB read back. */
final class Bridge {
    static final int MAX_RESPONSE_BYTES = 4096;

    private final Services services;
    private final Secrets secrets;

    Bridge(Services services, Secrets secrets) {
        this.services = services;
        this.secrets = secrets;
    }

    /** True when the bridge accepted the message (2xx); false on any failure, which the caller treats as stale. */
    boolean send(String publicIp, InboundMessage message) {
        String token = secrets.get(Env.BRIDGE_TOKEN_PARAMETER);
        if (token == null) {
            Log.warn("bridge token parameter is not readable; cannot reach the bridge");
            return false;
        }
        var body = Json.object()
                .put(Protocol.FIELD_USER_ID, message.userId())
                .put(Protocol.FIELD_MESSAGE, message.text())
                .put(Protocol.FIELD_CHANNEL, message.channel().name())
                .put(Protocol.FIELD_CONNECTION_ID, message.connectionId())
                .put(Protocol.FIELD_CONVERSATION_ID, message.conversationId())
                .put(Protocol.FIELD_CALLBACK_URL, services.env().callbackUrl());
        String url = "http://" + publicIp + ":" + services.env().bridgePort() + Protocol.BRIDGE_MESSAGE;
        try {
            var response = SmallHttp.send("POST", url, Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + token), Json.write(body), Constants.BRIDGE_HTTP_TIMEOUT_MS,
                    MAX_RESPONSE_BYTES);
            if (!response.ok()) {
                Log.warn("bridge at " + publicIp + " answered " + response.status());
            }
            return response.ok();
        } catch (IOException e) {
            Log.warn("bridge unreachable at " + publicIp + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); queueing instead");
            return false;
        }
    }
}
