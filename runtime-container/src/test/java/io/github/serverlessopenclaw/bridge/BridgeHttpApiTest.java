package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge's HTTPS API on a real socket, called as the Lambdas call it (pinned certificate, token, task ARN):
 * auth, routes, every kind of bad input, and the transport attacks (each asserts the refusal and that nothing
 * reached the bridge).
 */
class BridgeHttpApiTest {
    private static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/c/this-task";
    private static final String CALLBACK = "https://own.execute-api.us-east-1.amazonaws.com/prod";
    private static final String VALID =
            "{\"userId\":\"user-1\",\"message\":\"hi\",\"channel\":\"web\"," + "\"connectionId\":\"abc123=\"}";

    private final List<BridgeMessage> accepted = new CopyOnWriteArrayList<>();
    private final List<String> shutdowns = new CopyOnWriteArrayList<>();
    private volatile boolean accepting = true;
    private static final BridgeTls.Identity IDENTITY = BridgeTls.generate();
    private static final String TOKEN = IDENTITY.token();
    private BridgeHttpApi api;
    private final HttpClient http = HttpClient.newBuilder()
            .sslContext(BridgeTls.pinnedClient(IDENTITY.fingerprint()))
            .build();

    @BeforeEach
    void start() {
        api = new BridgeHttpApi(
                0,
                IDENTITY,
                CALLBACK,
                new BridgeHttpApi.Bridge() {
                    @Override
                    public BridgeHttpApi.Acceptance accept(BridgeMessage message) {
                        if (accepting) {
                            accepted.add(message);
                        }
                        return accepting ? BridgeHttpApi.Acceptance.ACCEPTED : BridgeHttpApi.Acceptance.SHUTTING_DOWN;
                    }

                    @Override
                    public ObjectNode status() {
                        return Json.object().put("status", "running").put("uptimeSeconds", 3);
                    }

                    @Override
                    public void shutdown(String reason) {
                        shutdowns.add(reason);
                    }
                },
                Clock.systemUTC());
        api.taskArn(TASK);
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void attackHealthWithoutTheTokenIsRefusedAndTellsNothing() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/health", null, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
        assertThat(anonymous.headers().map().keySet())
                .allSatisfy(header -> assertThat(header.toLowerCase(java.util.Locale.ROOT))
                        .isIn("content-type", "content-length", "date"));
        // with the token it says only that it is there: no app name, user, version or task
        HttpResponse<String> authorized = send("GET", "/health", "Bearer " + TOKEN, null, null);
        assertThat(authorized.statusCode()).isEqualTo(200);
        assertThat(authorized.body()).isEqualTo("{\"status\":\"ok\"}");
        // and the certificate a scanner sees names nothing: a random common name, no extensions
        assertThat(IDENTITY.certificate().getSubjectX500Principal().getName()).matches("CN=[0-9a-f]{16}");
        assertThat(IDENTITY.certificate().getVersion()).isEqualTo(1);
        assertThat(accepted).isEmpty();
    }

    @Test
    void attackReplayedTokenOfAPreviousContainerIsRefused() throws Exception {
        BridgeTls.Identity previous = BridgeTls.generate(); // the container this one replaced: same user, new task
        assertThat(previous.token()).isNotEqualTo(TOKEN);

        for (String path : List.of("/message", "/health", "/status", "/shutdown")) {
            String method = path.equals("/message") || path.equals("/shutdown") ? "POST" : "GET";
            HttpResponse<String> response = send(method, path, "Bearer " + previous.token(), "application/json", VALID);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
        }
        assertThat(accepted).isEmpty();
        assertThat(shutdowns).isEmpty();
    }

    @Test
    void attackRequestNamingAnotherTaskIsRefused() throws Exception {
        for (String task : new String[] {"arn:aws:ecs:us-east-1:123456789012:task/c/other-task", "", TASK + "x"}) {
            HttpResponse<String> response =
                    send("POST", "/message", "Bearer " + TOKEN, "application/json", VALID, task);
            assertThat(response.statusCode()).as(task).isEqualTo(421);
            assertThat(send("POST", "/shutdown", "Bearer " + TOKEN, null, null, task)
                            .statusCode())
                    .isEqualTo(421);
        }
        assertThat(send("POST", "/message", "Bearer " + TOKEN, "application/json", VALID, null)
                        .statusCode())
                .isEqualTo(421);
        assertThat(accepted).isEmpty();
        assertThat(shutdowns).isEmpty();
    }

    @Test
    void attackForeignCallbackUrlInTheBodyIsIgnored() throws Exception {
        String body = VALID.replace("}", ",\"callbackUrl\":\"https://attacker.example/steal\"}");

        assertThat(send("POST", "/message", "Bearer " + TOKEN, "application/json", body)
                        .statusCode())
                .isEqualTo(202);

        assertThat(accepted)
                .singleElement()
                .satisfies(message -> assertThat(message.callbackUrl()).isEqualTo(CALLBACK));
    }

    @Test
    void attackClientPinningAnotherCertificateSendsNothing() {
        // a Lambda holding the fingerprint of the container that used to be at this address
        HttpClient stale = HttpClient.newBuilder()
                .sslContext(BridgeTls.pinnedClient(BridgeTls.generate().fingerprint()))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/message"))
                .header("Authorization", "Bearer " + TOKEN)
                .header(Protocol.BRIDGE_TASK_HEADER, TASK)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(VALID))
                .build();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> stale.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(accepted).isEmpty();
    }

    @Test
    void plainHttpGetsNoAnswer() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health"))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aValidMessageIsAcceptedAtOnce() throws Exception {
        HttpResponse<String> response = send("POST", "/message", "Bearer " + TOKEN, "application/json", VALID);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"status\":\"processing\"}");
        assertThat(accepted).singleElement().satisfies(message -> {
            assertThat(message.userId()).isEqualTo("user-1");
            assertThat(message.callbackUrl()).isEqualTo(CALLBACK);
            assertThat(message.channel()).isEqualTo(Protocol.Channel.web);
            assertThat(message.conversationId()).isEqualTo(Protocol.DEFAULT_CONVERSATION);
            assertThat(message.toTelegram()).isFalse();
        });
    }

    @Test
    void aTelegramMessageIsAccepted() throws Exception {
        String body = "{\"userId\":\"telegram:42\",\"message\":\"hi\",\"channel\":\"telegram\","
                + "\"connectionId\":\"telegram:42\",\"callbackUrl\":\"https://x.example/prod\",\"conversationId\":\"c-1\"}";
        assertThat(send("POST", "/message", "Bearer " + TOKEN, "application/json", body)
                        .statusCode())
                .isEqualTo(202);
        assertThat(accepted).singleElement().satisfies(message -> {
            assertThat(message.toTelegram()).isTrue();
            assertThat(message.conversationId()).isEqualTo("c-1");
        });
    }

    @Test
    void statusAndShutdownNeedTheToken() throws Exception {
        assertThat(send("GET", "/status", null, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> status = send("GET", "/status", "Bearer " + TOKEN, null, null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(Json.read(status.body()).path("status").asText()).isEqualTo("running");

        assertThat(send("POST", "/shutdown", "Bearer wrong", null, null).statusCode())
                .isEqualTo(401);
        assertThat(shutdowns).isEmpty();
        assertThat(send("POST", "/shutdown", "Bearer " + TOKEN, null, null).statusCode())
                .isEqualTo(202);
        assertThat(shutdowns).containsExactly("POST /shutdown");
    }

    @Test
    void aStoppingBridgeRefusesMessagesSoTheLambdaQueuesThem() throws Exception {
        accepting = false;
        assertThat(send("POST", "/message", "Bearer " + TOKEN, "application/json", VALID)
                        .statusCode())
                .isEqualTo(503);
    }

    static Stream<Arguments> badRequests() {
        String auth = "Bearer " + TOKEN;
        String json = "application/json";
        return Stream.of(
                Arguments.of("no Authorization", "POST", "/message", null, json, VALID, 401),
                Arguments.of("wrong token", "POST", "/message", "Bearer nope", json, VALID, 401),
                Arguments.of("token with a suffix", "POST", "/message", auth + "x", json, VALID, 401),
                Arguments.of("empty bearer", "POST", "/message", "Bearer ", json, VALID, 401),
                Arguments.of("basic auth", "POST", "/message", "Basic " + TOKEN, json, VALID, 401),
                Arguments.of("lowercase scheme", "POST", "/message", "bearer " + TOKEN, json, VALID, 401),
                Arguments.of("unknown path", "GET", "/nope", auth, null, null, 404),
                Arguments.of("GET /message", "GET", "/message", auth, null, null, 405),
                Arguments.of("POST /status", "POST", "/status", auth, json, "{}", 405),
                Arguments.of("no content type", "POST", "/message", auth, null, VALID, 400),
                Arguments.of("text body", "POST", "/message", auth, "text/plain", VALID, 400),
                Arguments.of("not JSON", "POST", "/message", auth, json, "{userId:", 400),
                Arguments.of("JSON array", "POST", "/message", auth, json, "[]", 400),
                Arguments.of(
                        "missing userId",
                        "POST",
                        "/message",
                        auth,
                        json,
                        VALID.replace("\"userId\":\"user-1\",", ""),
                        400),
                Arguments.of("empty message", "POST", "/message", auth, json, VALID.replace("\"hi\"", "\"\""), 400),
                Arguments.of("number as message", "POST", "/message", auth, json, VALID.replace("\"hi\"", "42"), 400),
                Arguments.of(
                        "message too long",
                        "POST",
                        "/message",
                        auth,
                        json,
                        VALID.replace("\"hi\"", "\"" + "a".repeat(Protocol.MAX_MESSAGE_CHARS + 1) + "\""),
                        400),
                Arguments.of(
                        "unknown channel", "POST", "/message", auth, json, VALID.replace("\"web\"", "\"sms\""), 400),
                Arguments.of("bad connection id", "POST", "/message", auth, json, VALID.replace("abc123=", "a b"), 400),
                Arguments.of(
                        "bad telegram chat",
                        "POST",
                        "/message",
                        auth,
                        json,
                        VALID.replace("abc123=", "telegram:x"),
                        400),
                Arguments.of("health by POST", "POST", "/health", auth, json, "{}", 405),
                Arguments.of(
                        "control character in userId",
                        "POST",
                        "/message",
                        auth,
                        json,
                        VALID.replace("user-1", "user\\u0000"),
                        400),
                Arguments.of(
                        "bad conversationId",
                        "POST",
                        "/message",
                        auth,
                        json,
                        VALID.replace("\"channel\"", "\"conversationId\":\"a/b\",\"channel\""),
                        400),
                Arguments.of(
                        "body over 64 KiB",
                        "POST",
                        "/message",
                        auth,
                        json,
                        VALID.replace("\"hi\"", "\"" + "a".repeat(Protocol.MAX_BODY_BYTES) + "\""),
                        413));
    }

    @ParameterizedTest(name = "{0} → {6}")
    @MethodSource("badRequests")
    void badRequestsAreRefusedWithAJsonError(
            String name,
            String method,
            String path,
            String authorization,
            String contentType,
            String body,
            int expected)
            throws Exception {
        HttpResponse<String> response = send(method, path, authorization, contentType, body);

        assertThat(response.statusCode()).isEqualTo(expected);
        assertThat(Json.read(response.body()).path("error").asText()).isNotBlank();
        assertThat(accepted).isEmpty();
    }

    private HttpResponse<String> send(String method, String path, String authorization, String contentType, String body)
            throws Exception {
        return send(method, path, authorization, contentType, body, TASK);
    }

    private HttpResponse<String> send(
            String method, String path, String authorization, String contentType, String body, String task)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (task != null) {
            request.header(Protocol.BRIDGE_TASK_HEADER, task);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
