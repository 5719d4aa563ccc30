package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Texts;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Telegram webhook against moto, a stub Bot API and a stub bridge. */
@ExtendWith(MotoExtension.class)
class TelegramWebhookHandlerTest {
    private World world;
    private TelegramWebhookHandler handler;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        // the unlinked ids these tests write from may use the bot (TelegramAbuseTest covers strangers)
        world.env.put(Env.TELEGRAM_ALLOW, "67890,555,1");
        handler = new TelegramWebhookHandler(world.services());
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode update(long chatId, Long fromId, String text) {
        return handler.handleRaw(world.telegramEvent(World.telegramUpdate(chatId, fromId, text)));
    }

    /** Texts sent to the stub Bot API, with the bot token in the path checked. */
    private List<String> replies(long chatId) {
        return world.telegram.requests.stream()
                .map(r -> {
                    assertThat(r.path()).isEqualTo("/bot" + World.BOT_TOKEN + "/sendMessage");
                    JsonNode body = Json.parse(r.body()).orElseThrow();
                    assertThat(body.get("chat_id").asLong()).isEqualTo(chatId);
                    return body.get("text").asText();
                })
                .toList();
    }

    private String generateOtp(String cognitoUser) {
        JsonNode response = new ApiHandler(world.services())
                .handleRaw(World.httpEvent("POST", "/link/generate-otp", cognitoUser, Map.of(), null));
        return World.body(response).get("code").asText();
    }

    @Test
    void firstMessageStartsTheUsersOwnContainerAndSaysItIsWakingUp() {
        JsonNode response = update(12345, 67890L, "Hello bot");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").asText()).isEqualTo("OK");
        assertThat(world.handlerRunTasks()).hasSize(1);
        String runTask = world.handlerRunTasks().get(0).body();
        assertThat(runTask)
                .contains("{\"name\":\"USER_ID\",\"value\":\"telegram:67890\"}")
                .doesNotContain("TELEGRAM_CHAT_ID");
        var pending = world.pending("telegram:67890");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("channel").s()).isEqualTo("telegram");
        assertThat(pending.get(0).get("connectionId").s()).isEqualTo("telegram:12345");
        assertThat(replies(12345)).containsExactly(Texts.WAKING.in(Language.en));
    }

    @Test
    void runningContainerGetsTheMessageAndNoWakeUpReply() {
        Instant started = world.clock.instant().minus(Duration.ofMinutes(10));
        world.putTaskState("telegram:67890", "Running", world.runTask(), "127.0.0.1", started, started, null);

        update(12345, 67890L, "Hi again");

        assertThat(world.bridge.requests).hasSize(1);
        JsonNode body = Json.parse(world.bridge.requests.get(0).body()).orElseThrow();
        assertThat(body.get("channel").asText()).isEqualTo("telegram");
        assertThat(body.get("connectionId").asText()).isEqualTo("telegram:12345");
        assertThat(body.get("userId").asText()).isEqualTo("telegram:67890");
        assertThat(world.telegram.requests).isEmpty();
        assertThat(world.handlerRunTasks()).isEmpty();
    }

    @Test
    void withoutFromTheChatIdIsTheUser() {
        update(555, null, "no from");
        assertThat(world.pending("telegram:555")).hasSize(1);
    }

    @Test
    void updatesWithoutTextAndEmptyBodiesAreAcknowledgedAndIgnored() {
        JsonNode edited = handler.handleRaw(
                world.telegramEvent("{\"update_id\":2,\"edited_message\":{\"chat\":{\"id\":1},\"text\":\"x\"}}"));
        JsonNode photo = update(12345, 67890L, null);
        JsonNode empty = handler.handleRaw(world.telegramEvent(null));

        for (JsonNode response : List.of(edited, photo, empty)) {
            assertThat(response.get("statusCode").asInt()).isEqualTo(200);
            assertThat(response.get("body").asText()).isEqualTo("OK");
        }
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.telegram.requests).isEmpty();
    }

    @Test
    void linkWithAValidCodeLinksBothWaysAndLaterMessagesUseTheWebUsersContainer() {
        String code = generateOtp("cognito-abc");

        update(12345, 67890L, "/link " + code);

        assertThat(replies(12345)).containsExactly(Texts.LINKED.in(Language.en));
        assertThat(world.handlerRunTasks()).isEmpty();
        JsonNode status = World.body(new ApiHandler(world.services())
                .handleRaw(World.httpEvent("GET", "/link/status", "cognito-abc", Map.of(), null)));
        assertThat(status.toString()).isEqualTo("{\"linked\":true,\"telegramUserId\":\"67890\"}");

        update(12345, 67890L, "now as the web user");

        assertThat(world.pending("cognito-abc")).hasSize(1);
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.handlerRunTasks().get(0).body())
                .contains("{\"name\":\"USER_ID\",\"value\":\"cognito-abc\"}")
                .contains("{\"name\":\"TELEGRAM_CHAT_ID\",\"value\":\"12345\"}");
    }

    @Test
    void aCodeWorksOnceAndNotAfterItExpiresOrIsReplaced() {
        String code = generateOtp("cognito-abc");
        update(1, 10L, "/link " + code);
        update(2, 20L, "/link " + code);

        String expiring = generateOtp("cognito-def");
        world.clock.advance(Identity.OTP_TTL.plusSeconds(1));
        update(3, 30L, "/link " + expiring);

        String first = generateOtp("cognito-ghi");
        String second = generateOtp("cognito-ghi");
        update(4, 40L, "/link " + first);
        update(5, 50L, "/link " + second);

        String invalid = TelegramWebhookHandler.REFUSALS
                .get(Identity.Refusal.invalid_code)
                .in(Language.en);
        assertThat(world.telegram.requests)
                .extracting(r -> Json.parse(r.body()).orElseThrow().get("text").asText())
                .containsExactly(
                        Texts.LINKED.in(Language.en),
                        invalid,
                        invalid,
                        first.equals(second) ? Texts.LINKED.in(Language.en) : invalid,
                        Texts.LINKED.in(Language.en));
    }

    @Test
    void linkIsRefusedWhileTheTelegramUsersOwnContainerRuns() {
        Instant started = world.clock.instant();
        world.putTaskState("telegram:67890", "Starting", world.runTask(), null, started, started, null);
        String code = generateOtp("cognito-abc");

        update(12345, 67890L, "/link " + code);

        assertThat(replies(12345))
                .containsExactly(TelegramWebhookHandler.REFUSALS
                        .get(Identity.Refusal.telegram_container_running)
                        .in(Language.en));
    }

    @Test
    void malformedLinkCommandsGetTheUsageAndUnlinkPointsToTheWebApp() {
        update(1, 1L, "/link");
        update(1, 1L, "/link abc");
        update(1, 1L, "/link 12345");
        update(1, 1L, "/link@OpenClawBot 1234567");
        update(1, 1L, "/unlink");

        assertThat(replies(1))
                .containsExactly(
                        Texts.LINK_USAGE.format(Language.en, Identity.CODE_LENGTH),
                        Texts.LINK_USAGE.format(Language.en, Identity.CODE_LENGTH),
                        Texts.LINK_USAGE.format(Language.en, Identity.CODE_LENGTH),
                        Texts.LINK_USAGE.format(Language.en, Identity.CODE_LENGTH),
                        Texts.UNLINK_IN_WEB.in(Language.en));
        assertThat(world.handlerRunTasks()).isEmpty();
    }

    @Test
    void aLinkedTelegramAccountCannotBeTakenByAnotherWebAccount() {
        update(12345, 67890L, "/link " + generateOtp("cognito-abc"));
        update(12345, 67890L, "/link " + generateOtp("cognito-other"));

        assertThat(replies(12345))
                .containsExactly(
                        Texts.LINKED.in(Language.en),
                        TelegramWebhookHandler.REFUSALS
                                .get(Identity.Refusal.linked_elsewhere)
                                .in(Language.en));
    }

    private JsonNode updateWithSecret(String secret, String text) {
        return handler.handleRaw(World.httpEvent(
                "POST",
                "/telegram",
                null,
                Map.of(TelegramWebhookHandler.SECRET_HEADER, secret),
                World.telegramUpdate(1, 1L, text)));
    }

    private void rotate(String secretName, String value) {
        world.ssm.putParameter(b -> b.name(world.names.secretParameter(secretName))
                .type(software.amazon.awssdk.services.ssm.model.ParameterType.SECURE_STRING)
                .value(value)
                .overwrite(true));
    }

    @Test
    void aRotatedWebhookSecretIsAcceptedAtOnceAndTheOldOneNoLonger() {
        assertThat(updateWithSecret(World.TELEGRAM_SECRET, "/unlink")
                        .get("statusCode")
                        .asInt())
                .isEqualTo(200);
        rotate("telegram-webhook-secret", "rotated-webhook-secret-42");
        // Telegram sends the new secret as soon as openclaw:telegram registered it; the cached old one must not refuse
        // it
        assertThat(updateWithSecret("rotated-webhook-secret-42", "/unlink")
                        .get("statusCode")
                        .asInt())
                .isEqualTo(200);
        assertThat(updateWithSecret(World.TELEGRAM_SECRET, "/unlink")
                        .get("statusCode")
                        .asInt())
                .isEqualTo(403);
    }

    @Test
    void wrongSecretsReadSsmAtMostOncePerRefreshInterval() {
        assertThat(updateWithSecret(World.TELEGRAM_SECRET, "/unlink")
                        .get("statusCode")
                        .asInt())
                .isEqualTo(200);
        String parameter = world.names.secretParameter("telegram-webhook-secret");
        int before = reads(parameter);
        for (int i = 0; i < 20; i++) {
            assertThat(updateWithSecret("wrong-" + i, "x").get("statusCode").asInt())
                    .isEqualTo(403);
        }
        world.clock.advance(Secrets.MIN_REFRESH_INTERVAL.plusSeconds(1));
        assertThat(updateWithSecret("wrong-again", "x").get("statusCode").asInt())
                .isEqualTo(403);
        // the first wrong secret reads SSM again, the next 19 within the interval do not; one more after it
        assertThat(reads(parameter) - before).isEqualTo(2);
    }

    @Test
    void aRotatedBotTokenIsUsedOnceTheCacheTimeIsOver() {
        update(1, 1L, "/unlink");
        rotate("telegram-bot-token", "654321:ROTATED");
        world.clock.advance(io.github.serverlessopenclaw.common.Constants.SECRET_CACHE_TTL.minusSeconds(1));
        update(1, 1L, "/unlink");
        world.clock.advance(Duration.ofSeconds(2));
        update(1, 1L, "/unlink");
        assertThat(world.telegram.requests)
                .extracting(StubServer.Request::path)
                .containsExactly(
                        "/bot" + World.BOT_TOKEN + "/sendMessage",
                        "/bot" + World.BOT_TOKEN + "/sendMessage",
                        "/bot654321:ROTATED/sendMessage");
    }

    /** GetParameters calls moto recorded for this parameter. */
    private int reads(String parameter) {
        return (int) world.moto.recordedRequests().stream()
                .filter(r -> "GetParameters".equals(r.operation())
                        && r.body() != null
                        && r.body().contains(parameter))
                .count();
    }
}
