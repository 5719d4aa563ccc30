package io.github.serverlessopenclaw.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@code POST /message} as the Lambdas send it: bearer token, JSON body with the five required fields. */
final class LambdaCalls {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LambdaCalls() {
    }

    static HttpResponse<String> postMessage(int port, String bridgeToken, String userId, String message, String channel,
                                            String connectionId, String callbackUrl) {
        return postMessage(port, bridgeToken, userId, message, channel, connectionId, callbackUrl, null);
    }

    /** With a {@code conversationId} as the Lambdas send it (null: the field is left out). */
    static HttpResponse<String> postMessage(int port, String bridgeToken, String userId, String message, String channel,
                                            String connectionId, String callbackUrl, String conversationId) {
        var json = Json.object().put("userId", userId).put("message", message).put("channel", channel)
                .put("connectionId", connectionId).put("callbackUrl", callbackUrl);
        if (conversationId != null) {
            json.put("conversationId", conversationId);
        }
        String body = Json.write(json);
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/message"))
                    .header("Authorization", "Bearer " + bridgeToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("POST /message failed", e);
        }
    }
}
