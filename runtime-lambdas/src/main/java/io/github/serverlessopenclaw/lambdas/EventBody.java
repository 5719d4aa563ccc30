package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The {@code body} of an API Gateway event, decoded and size-checked. */
record EventBody(String text, boolean tooLarge) {

    static EventBody of(JsonNode event) {
        JsonNode body = event.get("body");
        if (body == null || !body.isTextual()) {
            return new EventBody(null, false);
        }
        String text = body.asText();
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                byte[] bytes = Base64.getDecoder().decode(text);
                if (bytes.length > Protocol.MAX_BODY_BYTES) {
                    return new EventBody(null, true);
                }
                text = new String(bytes, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new EventBody("\u0000not base64", false); // fails JSON parsing: reported as invalid JSON
            }
        }
        boolean tooLarge = text.length() > Protocol.MAX_BODY_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_BODY_BYTES;
        return new EventBody(tooLarge ? null : text, tooLarge);
    }

    boolean empty() {
        return text == null || text.isEmpty();
    }
}
