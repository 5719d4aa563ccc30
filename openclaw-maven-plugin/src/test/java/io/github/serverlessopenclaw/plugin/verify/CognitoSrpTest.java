package io.github.serverlessopenclaw.plugin.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link CognitoSrp} against the real client the web UI uses: amazon-cognito-identity-js (the version in web/'s
 * package-lock, run with node from web/node_modules) answers the same PASSWORD_VERIFIER challenge with the same private
 * value and clock, and both must send the same SRP_A and the same claim signature. The server side (the check of the
 * claim) is the project's moto rule, exercised by {@code CognitoSrpMotoTest}.
 */
class CognitoSrpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LIBRARY = Path.of("..", "web", "node_modules", "amazon-cognito-identity-js")
            .toAbsolutePath()
            .normalize();

    @Test
    void signsTheClaimAsTheWebUisLibraryDoes() throws Exception {
        Random random = new Random(20);
        for (int i = 0; i < 6; i++) {
            Map<String, String> input = new LinkedHashMap<>();
            // some values with the top bit set, so the 0x00 padding of both sides is compared too
            input.put("a", hex(random, 128, i % 2 == 0));
            input.put("salt", hex(random, 16, i % 3 == 0));
            input.put(
                    "srpB",
                    new BigInteger(hex(random, 384, i % 2 == 1), 16)
                            .mod(CognitoSrp.N)
                            .toString(16));
            byte[] block = new byte[64 + i];
            random.nextBytes(block);
            input.put("secretBlock", Base64.getEncoder().encodeToString(block));
            input.put("userIdForSrp", java.util.UUID.nameUUIDFromBytes(block).toString());
            input.put("password", "Pässword-" + i + "!Ab");
            input.put("timestamp", CognitoSrp.timestamp(Instant.parse("2026-12-0" + (1 + i) + "T0" + i + ":05:09Z")));
            input.put("userPoolId", "us-east-1_Pool" + i);
            input.put("clientId", "client" + i);
            input.put("username", "ada" + i + "@example.com");

            JsonNode js = library(input);
            CognitoSrp srp = new CognitoSrp(input.get("userPoolId"), new BigInteger(input.get("a"), 16));
            assertThat(srp.srpA()).isEqualTo(js.get("srpA").asText());
            assertThat(js.get("username").asText()).isEqualTo(input.get("userIdForSrp"));
            String signature = srp.signature(
                    input.get("userIdForSrp"),
                    input.get("password"),
                    input.get("salt"),
                    input.get("srpB"),
                    input.get("secretBlock"),
                    input.get("timestamp"));
            assertThat(signature).as("case %d", i).isEqualTo(js.get("signature").asText());
            assertThat(srp.signature(
                            input.get("userIdForSrp"),
                            input.get("password") + "x",
                            input.get("salt"),
                            input.get("srpB"),
                            input.get("secretBlock"),
                            input.get("timestamp")))
                    .isNotEqualTo(signature);
        }
    }

    @Test
    void timestampIsCognitosFormat() {
        assertThat(CognitoSrp.timestamp(Instant.parse("2026-12-06T07:04:09Z")))
                .isEqualTo("Sun Dec 6 07:04:09 UTC 2026");
        assertThat(CognitoSrp.timestamp(Instant.parse("2026-11-26T23:59:59Z")))
                .isEqualTo("Thu Nov 26 23:59:59 UTC 2026");
    }

    @Test
    void refusesAServerValueThatForcesTheKey() {
        CognitoSrp srp = new CognitoSrp("us-east-1_Pool", BigInteger.valueOf(12345));
        assertThatThrownBy(() -> srp.signature("u", "p", "01", CognitoSrp.N.toString(16), "AAAA", "t"))
                .hasMessageContaining("0 mod N");
    }

    private static String hex(Random random, int bytes, boolean topBit) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        value[0] = (byte) (topBit ? value[0] | 0x80 : value[0] & 0x7f);
        return HexFormat.of().formatHex(value);
    }

    private static JsonNode library(Map<String, String> input) throws IOException, InterruptedException {
        assertThat(LIBRARY.resolve("package.json"))
                .as("amazon-cognito-identity-js is installed by the web module's build" + " (npm ci); build with -am")
                .exists();
        Path script = Path.of("src/test/resources/srp/cognito-js-claim.cjs").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), JSON.writeValueAsString(input))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("COGNITO_JS", LIBRARY.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("node's exit; output: %s", out).isZero();
        return JSON.readTree(out);
    }
}
