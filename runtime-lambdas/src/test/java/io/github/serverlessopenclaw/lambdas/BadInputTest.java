package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile events: each gets its exact status and body, the WebSocket client gets the error
 * pushed, and nothing is written to DynamoDB or ECS.
 */
@ExtendWith(MotoExtension.class)
class BadInputTest {
    private static final String SECRET = "x-telegram-bot-api-secret-token";
    private World world;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        world.connect("conn-1", "user-1");
        moto.control("/moto-api/recorder/reset-recording");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    static Stream<Arguments> cases() {
        String big = "x".repeat(Protocol.MAX_BODY_BYTES + 1);
        return Stream.of(
                // ws-message
                row("ws-message", "not JSON at all", 400, "{\"error\":\"Invalid event\"}", null),
                row("ws-message", "[1,2,3]", 400, "{\"error\":\"Invalid event\"}", null),
                row("ws-message", "{\"body\":\"{}\"}", 400, "{\"error\":\"Invalid event\"}", null),
                row("ws-message", World.wsEvent("conn-1", null), 400, "{\"error\":\"Missing body\"}", "missing_body"),
                row("ws-message", World.wsEvent("conn-1", ""), 400, "{\"error\":\"Missing body\"}", "missing_body"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"action\":"),
                        400,
                        "{\"error\":\"Invalid JSON\"}",
                        "invalid_json"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "[\"sendMessage\"]"),
                        400,
                        "{\"error\":\"Invalid JSON\"}",
                        "invalid_json"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"action\":\"sendMessage\",\"message\":\"" + big + "\"}"),
                        413,
                        "{\"error\":\"Body too large\"}",
                        "body_too_large"),
                row(
                        "ws-message",
                        World.wsEvent("conn-unknown", "{\"action\":\"sendMessage\",\"message\":\"hi\"}"),
                        403,
                        "{\"error\":\"Connection not found\"}",
                        "unknown_connection"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"action\":\"dance\"}"),
                        400,
                        "{\"error\":\"Unknown action\"}",
                        "unknown_action"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"message\":\"no action\"}"),
                        400,
                        "{\"error\":\"Unknown action\"}",
                        "unknown_action"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"action\":\"sendMessage\"}"),
                        400,
                        "{\"error\":\"Message must be a non-empty string\"}",
                        "invalid_message"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"action\":\"sendMessage\",\"message\":42}"),
                        400,
                        "{\"error\":\"Message must be a non-empty string\"}",
                        "invalid_message"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"action\":\"sendMessage\",\"message\":\"   \"}"),
                        400,
                        "{\"error\":\"Message must be a non-empty string\"}",
                        "invalid_message"),
                row(
                        "ws-message",
                        World.wsEvent(
                                "conn-1",
                                "{\"action\":\"sendMessage\",\"message\":\""
                                        + "y".repeat(Protocol.MAX_MESSAGE_CHARS + 1) + "\"}"),
                        413,
                        "{\"error\":\"Message too long (at most 16000 characters)\"}",
                        "message_too_long"),
                row(
                        "ws-message",
                        World.wsEvent(
                                "conn-1",
                                "{\"action\":\"sendMessage\",\"message\":\"hi\",\"conversationId\":\"../etc\"}"),
                        400,
                        "{\"error\":\"Invalid conversationId or clientMessageId\"}",
                        "invalid_message"),
                row(
                        "ws-message",
                        World.wsEvent("conn-1", "{\"action\":\"getHistory\",\"conversationId\":7}"),
                        400,
                        "{\"error\":\"Invalid conversationId\"}",
                        "invalid_message"),
                // ws-connect
                row("ws-connect", World.connectEvent("conn-2", null), 401, "{\"error\":\"Missing token\"}", null),
                row("ws-connect", World.connectEvent("conn-2", ""), 401, "{\"error\":\"Missing token\"}", null),
                row(
                        "ws-connect",
                        World.connectEvent("conn-2", "not.a.jwt"),
                        401,
                        "{\"error\":\"Invalid token\"}",
                        null),
                row(
                        "ws-connect",
                        "{\"queryStringParameters\":{\"token\":\"a.b.c\"}}",
                        400,
                        "{\"error\":\"Invalid event\"}",
                        null),
                // ws-disconnect
                row("ws-disconnect", "{\"requestContext\":{}}", 400, "{\"error\":\"Invalid event\"}", null),
                // telegram-webhook
                row(
                        "telegram-webhook",
                        World.httpEvent("POST", "/telegram", null, Map.of(), "{}"),
                        403,
                        "{\"error\":\"Forbidden\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent("POST", "/telegram", null, Map.of(SECRET, "wrong"), "{}"),
                        403,
                        "{\"error\":\"Forbidden\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent("POST", "/telegram", null, Map.of(SECRET, World.TELEGRAM_SECRET + "x"), "{}"),
                        403,
                        "{\"error\":\"Forbidden\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent("POST", "/telegram", null, Map.of(SECRET, World.TELEGRAM_SECRET), "{oops"),
                        400,
                        "{\"error\":\"Invalid JSON\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent("POST", "/telegram", null, Map.of(SECRET, World.TELEGRAM_SECRET), "[]"),
                        400,
                        "{\"error\":\"Invalid update\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent(
                                "POST",
                                "/telegram",
                                null,
                                Map.of(SECRET, World.TELEGRAM_SECRET),
                                "{\"message\":{\"chat\":{\"id\":\"12\"},\"text\":\"hi\"}}"),
                        400,
                        "{\"error\":\"Invalid update\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent(
                                "POST",
                                "/telegram",
                                null,
                                Map.of(SECRET, World.TELEGRAM_SECRET),
                                "{\"message\":{\"chat\":{\"id\":12},\"from\":{\"id\":1.5},\"text\":\"hi\"}}"),
                        400,
                        "{\"error\":\"Invalid update\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent(
                                "POST",
                                "/telegram",
                                null,
                                Map.of(SECRET, World.TELEGRAM_SECRET),
                                "{\"message\":{\"chat\":{\"id\":12},\"text\":{\"x\":1}}}"),
                        400,
                        "{\"error\":\"Invalid update\"}",
                        null),
                row(
                        "telegram-webhook",
                        World.httpEvent("POST", "/telegram", null, Map.of(SECRET, World.TELEGRAM_SECRET), big),
                        413,
                        "{\"error\":\"Body too large\"}",
                        null),
                // api-handler
                row(
                        "api-handler",
                        World.httpEvent("GET", "/status", null, Map.of(), null),
                        401,
                        "{\"error\":\"Unauthorized\"}",
                        null),
                row(
                        "api-handler",
                        World.httpEvent("GET", "/admin", "user-1", Map.of(), null),
                        404,
                        "{\"error\":\"Not found\"}",
                        null),
                row(
                        "api-handler",
                        World.httpEvent("DELETE", "/status", "user-1", Map.of(), null),
                        404,
                        "{\"error\":\"Not found\"}",
                        null),
                row(
                        "api-handler",
                        "{\"rawPath\":\"/status\",\"requestContext\":{\"authorizer\":{\"jwt\":{\"claims\":{\"sub\":\"u\"}}}}}",
                        400,
                        "{\"error\":\"Invalid event\"}",
                        null));
    }

    private static Arguments row(String handler, String event, int status, String body, String pushedCode) {
        return Arguments.of(handler, event, status, body, pushedCode);
    }

    private JsonStreamHandler handler(String name) {
        Services services = world.services();
        return switch (name) {
            case "ws-message" -> new WsMessageHandler(services);
            case "ws-connect" -> new WsConnectHandler(services);
            case "ws-disconnect" -> new WsDisconnectHandler(services);
            case "telegram-webhook" -> new TelegramWebhookHandler(services);
            case "api-handler" -> new ApiHandler(services);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} #{index} -> {2} {3}")
    @MethodSource("cases")
    void answersExactlyAndStoresNothing(String handler, String event, int status, String body, String pushedCode) {
        JsonNode response = handler(handler).handleRaw(event);

        assertThat(response.get("statusCode").asInt()).isEqualTo(status);
        assertThat(response.get("body").asText()).isEqualTo(body);
        assertThat(world.moto.recordedRequests())
                .filteredOn(Moto.RecordedRequest::isWrite)
                .filteredOn(r -> !r.url().contains("/@connections/"))
                .isEmpty();
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.bridge.requests).isEmpty();
        Function<String, java.util.List<String>> codes =
                c -> world.pushes(c).stream().map(f -> f.get("code").asText()).toList();
        if (pushedCode != null) {
            String connectionId = event.contains("conn-unknown") ? "conn-unknown" : "conn-1";
            assertThat(codes.apply(connectionId)).containsExactly(pushedCode);
        } else {
            assertThat(world.moto.recordedRequests())
                    .filteredOn(r -> r.url().contains("/@connections/"))
                    .isEmpty();
        }
    }

    @Test
    void anEventLargerThanOneMebibyteIsRefusedBeforeParsing() throws Exception {
        byte[] event = World.wsEvent("conn-1", "z".repeat(JsonStreamHandler.MAX_EVENT_BYTES))
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new WsMessageHandler(world.services()).handleRequest(new ByteArrayInputStream(event), out, null);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"statusCode\":413,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"error\\\":\\\"Body too large\\\"}\"}");
    }

    @Test
    void theTelegramSecretIsCheckedBeforeAnySecretOrTableIsRead() {
        JsonNode response = handler("telegram-webhook")
                .handleRaw(World.httpEvent("POST", "/telegram", null, Map.of(), World.telegramUpdate(12, 34L, "hi")));

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
        assertThat(world.moto.recordedRequests()).isEmpty();
    }
}
