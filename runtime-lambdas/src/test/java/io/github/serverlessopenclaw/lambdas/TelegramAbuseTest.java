package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.common.Texts;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The private bot, attack by attack: each test tries one, asserts it fails, and asserts that nothing was
 * started or stored beyond the one limit row the attempt itself costs. Real moto, a stub Bot API.
 */
@ExtendWith(MotoExtension.class)
class TelegramAbuseTest {
    private static final long STRANGER = 900_001L;
    private static final long ALLOWED = 4242L;

    private World world;
    private TelegramWebhookHandler handler;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        world.env.put(Env.TELEGRAM_ALLOW, "1111, " + ALLOWED);
        handler = new TelegramWebhookHandler(world.services());
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private static ObjectNode update(long chatId, String chatType, long fromId, boolean fromBot, String text) {
        ObjectNode update = Json.object().put("update_id", 1);
        ObjectNode message = update.putObject("message").put("message_id", 7).put("date", 1_700_000_000);
        message.putObject("chat").put("id", chatId).put("type", chatType);
        message.putObject("from").put("id", fromId).put("is_bot", fromBot).put("first_name", "T");
        message.put("text", text);
        return update;
    }

    private JsonNode deliver(JsonNode update) {
        JsonNode response = handler.handleRaw(world.telegramEvent(Json.write(update)));
        assertThat(response.get("statusCode").asInt()).isEqualTo(200); // Telegram must never retry these
        return response;
    }

    private JsonNode privateMessage(long from, String text) {
        return deliver(update(from, "private", from, false, text));
    }

    private List<String> replies() {
        return world.telegram.requests.stream()
                .map(r -> Json.parse(r.body()).orElseThrow().get("text").asText())
                .toList();
    }

    private String generateOtp(String cognitoUser) {
        JsonNode response = new ApiHandler(world.services())
                .handleRaw(World.httpEvent("POST", "/link/generate-otp", cognitoUser, Map.of(), null));
        return World.body(response).get("code").asText();
    }

    private boolean linked(String cognitoUser) {
        return World.body(new ApiHandler(world.services())
                        .handleRaw(World.httpEvent("GET", "/link/status", cognitoUser, Map.of(), null)))
                .get("linked")
                .asBoolean();
    }

    /** Nothing reached a container: no RunTask, no bridge call, no queued message, no TaskState row. */
    private void assertNoContainerReached() {
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.bridge.requests).isEmpty();
        assertThat(world.rows(Table.PENDING_MESSAGES)).isEmpty();
        assertThat(world.rows(Table.TASK_STATE)).isEmpty();
    }

    private List<String> settingsKeys() {
        return world.rows(Table.SETTINGS).stream()
                .map(r -> r.get("PK").s() + " " + r.get("SK").s())
                .sorted()
                .toList();
    }

    @Test
    void strangerGetsOneReplyAnHourAndNeverAContainer() {
        for (int i = 0; i < 5; i++) {
            privateMessage(STRANGER, "hello " + i);
        }
        privateMessage(STRANGER, "/unlink");
        privateMessage(STRANGER, "x".repeat(20_000)); // too long: still just a stranger's message

        assertThat(replies()).containsExactly(Texts.PRIVATE_BOT.in(Language.en));
        assertNoContainerReached();
        assertThat(settingsKeys()).containsExactly("USER#telegram:" + STRANGER + " " + Limits.STRANGER_NOTICE);

        world.clock.advance(Limits.STRANGER_NOTICE_INTERVAL.minusSeconds(1));
        privateMessage(STRANGER, "still within the hour");
        assertThat(replies()).hasSize(1);

        world.clock.advance(Duration.ofSeconds(2)); // the marker's ttl has passed, whether DynamoDB deleted it or not
        privateMessage(STRANGER, "an hour later");
        assertThat(replies()).containsExactly(Texts.PRIVATE_BOT.in(Language.en), Texts.PRIVATE_BOT.in(Language.en));
        assertNoContainerReached();
    }

    @Test
    void groupChatIsIgnoredEvenForALinkedOrAllowedUser() {
        String code = generateOtp("cognito-owner");
        privateMessage(5555, "/link " + code);
        world.telegram.requests.clear();

        deliver(update(-100_123, "group", 5555, false, "linked user in a group"));
        deliver(update(-100_124, "supergroup", ALLOWED, false, "allowed user in a supergroup"));
        deliver(update(-100_125, "group", 5555, false, "/link " + generateOtp("cognito-other")));

        assertThat(world.telegram.requests).isEmpty();
        assertNoContainerReached();
        assertThat(linked("cognito-other")).isFalse();
    }

    @Test
    void messageFromABotIsIgnoredEvenWithAnAllowedId() {
        deliver(update(ALLOWED, "private", ALLOWED, true, "I am a bot"));
        deliver(update(ALLOWED, "private", ALLOWED, true, "/link " + generateOtp("cognito-owner")));

        assertThat(world.telegram.requests).isEmpty();
        assertNoContainerReached();
        assertThat(linked("cognito-owner")).isFalse();
    }

    @Test
    void channelPostIsIgnored() {
        ObjectNode update = Json.object().put("update_id", 3);
        update.putObject("channel_post")
                .put("message_id", 1)
                .put("text", "to everyone")
                .putObject("chat")
                .put("id", -100_999)
                .put("type", "channel");

        deliver(update);

        assertThat(world.telegram.requests).isEmpty();
        assertNoContainerReached();
        assertThat(world.rows(Table.SETTINGS)).isEmpty();
    }

    @Test
    void allowListedIdGetsItsOwnContainer() {
        privateMessage(ALLOWED, "hello from the allow list");

        assertThat(replies()).containsExactly(Texts.WAKING.in(Language.en));
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.handlerRunTasks().get(0).body())
                .contains("{\"name\":\"USER_ID\",\"value\":\"telegram:" + ALLOWED + "\"}");
        assertThat(world.pending("telegram:" + ALLOWED)).hasSize(1);
    }

    @Test
    void bruteForcedLinkCodeIsRefusedFromTheSixthTryEvenWithTheRightCode() {
        String code = generateOtp("cognito-victim");
        String invalid = TelegramWebhookHandler.REFUSALS
                .get(Identity.Refusal.invalid_code)
                .in(Language.en);
        for (int i = 0; i < Limits.LINK_TRIES; i++) {
            privateMessage(STRANGER, "/link ZZZZZZZZZ" + (char) ('A' + i));
        }
        privateMessage(STRANGER, "/link " + code); // the 6th try: refused although right
        privateMessage(STRANGER, "/link " + code); // and silence after the first refusal

        assertThat(replies())
                .containsExactly(
                        invalid, invalid, invalid, invalid, invalid, Texts.LINK_TOO_MANY_TRIES.in(Language.en));
        assertThat(linked("cognito-victim")).isFalse();
        assertNoContainerReached();
        // the code is untouched: its owner can still use it from their own account
        privateMessage(7777, "/link " + code);
        assertThat(linked("cognito-victim")).isTrue();

        // 15 minutes after the first try the window has slid: one more try is allowed again
        world.clock.advance(Limits.LINK_WINDOW);
        privateMessage(STRANGER, "/link ZZZZZZZZZY");
        assertThat(replies().get(replies().size() - 1)).isEqualTo(invalid);
    }

    @Test
    void malformedLinkCommandsCountAsTries() {
        for (int i = 0; i < Limits.LINK_TRIES; i++) {
            privateMessage(STRANGER, "/link");
        }
        String code = generateOtp("cognito-victim");
        privateMessage(STRANGER, "/link " + code);

        assertThat(replies()).endsWith(Texts.LINK_TOO_MANY_TRIES.in(Language.en));
        assertThat(linked("cognito-victim")).isFalse();
    }

    @Test
    void collidingLinkCodeNeverOverwritesTheOwnersRow() {
        Iterator<String> codes =
                List.of("AAAAAAAAAA", "AAAAAAAAAA", "BBBBBBBBBB").iterator();
        Identity identity = new Identity(world.services(), codes::next);

        String victims = identity.generateOtp("cognito-victim");
        String attackers = identity.generateOtp("cognito-attacker"); // draws the victim's code first

        assertThat(victims).isEqualTo("AAAAAAAAAA");
        assertThat(attackers).isEqualTo("BBBBBBBBBB");
        var owner = world.dynamo
                .getItem(b -> b.tableName(world.names.table(Table.SETTINGS))
                        .key(Items.key("USER#otp:AAAAAAAAAA", Identity.OTP_OWNER_SETTING))
                        .consistentRead(true))
                .item();
        assertThat(owner.get("value").m().get("cognitoUserId").s()).isEqualTo("cognito-victim");

        privateMessage(6001, "/link " + victims);
        assertThat(linked("cognito-victim")).isTrue();
        assertThat(linked("cognito-attacker")).isFalse();
    }

    @Test
    void expiredButNotYetDeletedCodeRowCanBeReused() {
        Iterator<String> codes = List.of("CCCCCCCCCC", "CCCCCCCCCC").iterator();
        Identity identity = new Identity(world.services(), codes::next);
        identity.generateOtp("cognito-first");
        world.clock.advance(Identity.OTP_TTL.plusSeconds(1));

        assertThat(identity.generateOtp("cognito-second")).isEqualTo("CCCCCCCCCC");
        privateMessage(6002, "/link cccccccccc"); // typed in lower case
        assertThat(linked("cognito-second")).isTrue();
        assertThat(linked("cognito-first")).isFalse();
    }

    @Test
    void linkCodesAreTenCharactersOfTheLargeAlphabet() {
        for (int i = 0; i < 20; i++) {
            assertThat(generateOtp("cognito-" + i)).matches("[" + Identity.CODE_ALPHABET + "]{10}");
        }
        assertThat(Identity.CODE_ALPHABET).hasSize(32).doesNotContain("0", "O", "1", "I");
    }
}
