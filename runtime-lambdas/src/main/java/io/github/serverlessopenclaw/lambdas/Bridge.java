package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Protocol;
import java.io.IOException;
import java.util.Map;

/**
 * Lambda → bridge over {@code https://<ip>:<port>}, trusting only the certificate whose SHA-256 the bridge wrote in
 * the TaskState row, with that row's token and task ARN; 3 s timeouts, at most 4 KiB read back. A certificate
 * that does not match ends the call in the handshake, before the request (and its token) is written: a reused
 * IP, a dead task or an impostor gets nothing.
 */
final class Bridge {
    static final int MAX_RESPONSE_BYTES = 4096;

    /** What a call achieved. */
    enum Result {
        SENT,
        /** The bridge refused the token (or the task ARN): the row may be newer than the one read. */
        UNAUTHORIZED,
        /** No answer, a certificate that is not the pinned one, or any other status. */
        FAILED
    }

    private final Services services;

    Bridge(Services services) {
        this.services = services;
    }

    /** {@code POST /message} to the task {@code target} names. */
    Result send(TaskState target, InboundMessage message) {
        var body = Json.object()
                .put(Protocol.FIELD_USER_ID, message.userId())
                .put(Protocol.FIELD_MESSAGE, message.text())
                .put(Protocol.FIELD_CHANNEL, message.channel().name())
                .put(Protocol.FIELD_CONNECTION_ID, message.connectionId())
                .put(Protocol.FIELD_CONVERSATION_ID, message.conversationId())
                .put(Protocol.FIELD_LANGUAGE, message.language().name());
        return call("POST", Protocol.BRIDGE_MESSAGE, target, Json.write(body));
    }

    /** {@code GET /health}: the bridge is there, holds the pinned key, and takes the row's token. */
    boolean healthy(TaskState target) {
        return call("GET", Protocol.BRIDGE_HEALTH, target, null) == Result.SENT;
    }

    private Result call(String method, String path, TaskState target, String body) {
        if (!target.pinned()) {
            Log.warn("TaskState of " + target.taskArn() + " has no certificate fingerprint or token; not calling it");
            return Result.FAILED;
        }
        String url = "https://" + target.publicIp() + ":" + services.env().bridgePort() + path;
        Map<String, String> headers = body == null
                ? Map.of(
                        "Authorization",
                        "Bearer " + target.bridgeToken(),
                        Protocol.BRIDGE_TASK_HEADER,
                        target.taskArn())
                : Map.of(
                        "Authorization",
                        "Bearer " + target.bridgeToken(),
                        Protocol.BRIDGE_TASK_HEADER,
                        target.taskArn(),
                        "Content-Type",
                        "application/json");
        try {
            var response = SmallHttp.send(
                    method,
                    url,
                    headers,
                    body,
                    Constants.BRIDGE_HTTP_TIMEOUT_MS,
                    MAX_RESPONSE_BYTES,
                    BridgeTls.pinnedClient(target.certSha256()).getSocketFactory());
            if (response.ok()) {
                return Result.SENT;
            }
            Log.warn(method + " " + path + " to the bridge at " + target.publicIp() + " answered " + response.status());
            return response.status() == 401 || response.status() == 421 ? Result.UNAUTHORIZED : Result.FAILED;
        } catch (IOException | IllegalArgumentException e) {
            Log.warn(method + " " + path + " to the bridge at " + target.publicIp() + " failed ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return Result.FAILED;
        }
    }
}
