package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.SignedCall;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads an SSM SecureString (decrypted) with one signed {@code GetParameter} call (JSON 1.1 protocol): the SSM SDK
 * would add 6 MB to the image and its client's start-up to every container start for this one call.
 */
final class SsmSecrets implements Function<String, String> {
    private final SignedCall ssm;

    SsmSecrets(SignedCall ssm) {
        this.ssm = ssm;
    }

    /** The parameter's value; a failure names the parameter and SSM's error code, never a value. */
    @Override
    public String apply(String parameterName) {
        SignedCall.Response response = ssm.post(
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "AmazonSSM.GetParameter"),
                Json.write(Json.object().put("Name", parameterName).put("WithDecryption", true)));
        JsonNode body = Json.parse(response.body())
                .orElseGet(Json::object); // not JSON (a proxy's page): the status says enough
        if (!response.ok()) {
            String type = Json.text(body, "__type");
            throw new IllegalStateException("SSM parameter " + parameterName + " cannot be read: HTTP "
                    + response.status() + (type == null ? "" : " " + type.replaceAll(".*#", "")));
        }
        String value = Json.text(body.path("Parameter"), "Value");
        if (value == null) {
            throw new IllegalStateException("SSM parameter " + parameterName + " has no value");
        }
        return value;
    }
}
