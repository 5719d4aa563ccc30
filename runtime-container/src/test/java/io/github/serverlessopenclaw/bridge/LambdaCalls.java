package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bridge's API called as the Lambdas call it: {@code https://}, trusting only the pinned certificate
 * ({@link BridgeTls#pinnedClient}), with the token and the task ARN the TaskState row names.
 */
final class LambdaCalls {
    private LambdaCalls() {}

    /** What a TaskState row tells the Lambdas about a bridge on loopback. */
    record Target(int port, String certSha256, String token, String taskArn) {
        static Target of(Bridge bridge, String taskArn) {
            return new Target(
                    bridge.port(),
                    bridge.identity().fingerprint(),
                    bridge.identity().token(),
                    taskArn);
        }

        /** As the Lambdas read it: the fingerprint and token the bridge wrote in its row. */
        static Target fromRow(int port, Map<String, AttributeValue> row) {
            return new Target(
                    port,
                    row.get(Constants.TASK_STATE_CERT_SHA256).s(),
                    row.get(Constants.TASK_STATE_BRIDGE_TOKEN).s(),
                    row.get("taskArn").s());
        }

        Target withToken(String other) {
            return new Target(port, certSha256, other, taskArn);
        }

        Target withTask(String other) {
            return new Target(port, certSha256, token, other);
        }
    }

    static String body(String userId, String message, String channel, String connectionId) {
        return body(userId, message, channel, connectionId, null);
    }

    /** With a {@code conversationId} as the Lambdas send it (null: the field is left out). */
    static String body(String userId, String message, String channel, String connectionId, String conversationId) {
        var json = Json.object()
                .put("userId", userId)
                .put("message", message)
                .put("channel", channel)
                .put("connectionId", connectionId);
        if (conversationId != null) {
            json.put("conversationId", conversationId);
        }
        return Json.write(json);
    }

    static HttpResponse<String> postMessage(
            Target target, String userId, String message, String channel, String connectionId) {
        return send(target, "POST", Protocol.BRIDGE_MESSAGE, body(userId, message, channel, connectionId));
    }

    /** Any call; {@code body} null for a GET. The token and task header are sent when the target has them. */
    static HttpResponse<String> send(Target target, String method, String path, String body) {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(BridgeTls.pinnedClient(target.certSha256()))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + target.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (target.token() != null) {
            request.header("Authorization", "Bearer " + target.token());
        }
        if (target.taskArn() != null) {
            request.header(Protocol.BRIDGE_TASK_HEADER, target.taskArn());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
