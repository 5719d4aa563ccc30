package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;

/** API Gateway proxy responses (WebSocket and HTTP API payload 2.0 share this shape). */
final class LambdaResponse {
    private LambdaResponse() {}

    static ObjectNode json(int status, JsonNode body) {
        ObjectNode response = Json.object().put("statusCode", status);
        response.putObject("headers").put("Content-Type", "application/json");
        response.put("body", Json.write(body));
        return response;
    }

    static ObjectNode text(int status, String body) {
        ObjectNode response = Json.object().put("statusCode", status);
        response.putObject("headers").put("Content-Type", "text/plain; charset=utf-8");
        response.put("body", body);
        return response;
    }

    static ObjectNode error(int status, String message) {
        return json(status, Json.object().put("error", message));
    }
}
