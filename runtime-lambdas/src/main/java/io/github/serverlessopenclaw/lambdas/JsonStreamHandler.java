package io.github.serverlessopenclaw.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Base of every handler: reads the raw event (bounded), hands the tree to {@link #handle(JsonNode)} and
 * writes the answer. No exception escapes: anything unexpected becomes a 500 with a JSON error, logged with its
 * stack trace (an {@link Error} is logged the same way, then left to the runtime).
 * Raw streams instead of the events library's POJOs: one JSON parser, and malformed events stay testable.
 * Public: Lambda's runtime calls {@code handleRequest} by reflection (the handler string names the method), which fails
 * with IllegalAccessException when the method's declaring class is not public (seen with the runtime interface client).
 */
public abstract class JsonStreamHandler implements RequestStreamHandler {
    /** Far above any API Gateway event with a body of {@link Protocol#MAX_BODY_BYTES}. */
    static final int MAX_EVENT_BYTES = 1024 * 1024;

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode response = handleRaw(SmallHttp.readBoundedOrNull(input, MAX_EVENT_BYTES));
        output.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    }

    /** The whole path from event text to response, for tests and the measurement main. */
    final JsonNode handleRaw(String eventText) {
        if (eventText == null) {
            return LambdaResponse.error(413, "Body too large");
        }
        JsonNode event = Json.parse(eventText).orElse(null);
        if (event == null || !event.isObject()) {
            return LambdaResponse.error(400, "Invalid event");
        }
        try {
            return handle(event);
        } catch (RuntimeException e) {
            Log.error(getClass().getSimpleName() + " failed", e);
            return LambdaResponse.error(500, "Internal error");
        } catch (Error e) {
            Log.error(getClass().getSimpleName() + " crashed", e); // the runtime reports it too, without our context
            throw e;
        }
    }

    abstract JsonNode handle(JsonNode event);
}
