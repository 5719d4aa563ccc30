package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Protocol;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Frames to a browser through the API Gateway Management API ({@code PostToConnection}). A push that
 * fails is logged and reported, never thrown: the message it accompanies is already queued or sent.
 */
final class Pusher {
    private final Services services;

    Pusher(Services services) {
        this.services = services;
    }

    /** True when API Gateway accepted the frame. */
    boolean push(String connectionId, ObjectNode frame) {
        String callbackUrl = services.env().callbackUrl();
        if (callbackUrl.isEmpty()) {
            Log.warn("WEBSOCKET_CALLBACK_URL is not set; cannot push to " + connectionId);
            return false;
        }
        try {
            services.managementApi(callbackUrl)
                    .postToConnection(
                            b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(Json.write(frame))));
            return true;
        } catch (GoneException e) {
            return false; // the browser left; nothing to tell it
        } catch (RuntimeException e) {
            Log.error("PostToConnection to " + connectionId + " failed", e);
            return false;
        }
    }

    /** Closes the browser's socket (DeleteConnection); false when it was already gone or the call failed. */
    boolean disconnect(String connectionId) {
        String callbackUrl = services.env().callbackUrl();
        if (callbackUrl.isEmpty()) {
            Log.warn("WEBSOCKET_CALLBACK_URL is not set; cannot close " + connectionId);
            return false;
        }
        try {
            services.managementApi(callbackUrl).deleteConnection(b -> b.connectionId(connectionId));
            return true;
        } catch (GoneException e) {
            return false;
        } catch (RuntimeException e) {
            Log.error("DeleteConnection of " + connectionId + " failed", e);
            return false;
        }
    }

    static ObjectNode status(String status) {
        return Json.object()
                .put(Protocol.FIELD_TYPE, Protocol.ServerType.status.name())
                .put(Protocol.FIELD_STATUS, status);
    }

    static ObjectNode error(String text, Protocol.ErrorCode code) {
        return Json.object()
                .put(Protocol.FIELD_TYPE, Protocol.ServerType.error.name())
                .put(Protocol.FIELD_ERROR, text)
                .put(Protocol.FIELD_CODE, code.name());
    }
}
