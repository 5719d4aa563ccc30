package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Texts;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Texts in the user's language (the web UI's {@code ?lang=} on the connection, Telegram's {@code language_code}),
 * and the bot's commands, against moto, a stub Bot API and a stub bridge.
 */
@ExtendWith(MotoExtension.class)
class ChatLanguagesTest {
    private static final long CHAT = 4242;
    private World world;
    private TelegramWebhookHandler telegram;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        world.env.put(Env.TELEGRAM_ALLOW, Long.toString(CHAT));
        telegram = new TelegramWebhookHandler(world.services());
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private static String update(String text, String languageCode, boolean markedAsCommand) {
        ObjectNode update =
                (ObjectNode) Json.parse(World.telegramUpdate(CHAT, CHAT, text)).orElseThrow();
        ObjectNode message = (ObjectNode) update.get("message");
        if (languageCode != null) {
            ((ObjectNode) message.get("from")).put("language_code", languageCode);
        }
        if (markedAsCommand) {
            message.putArray("entities")
                    .addObject()
                    .put("type", "bot_command")
                    .put("offset", 0)
                    .put("length", text.split(" ")[0].length());
        }
        return Json.write(update);
    }

    private JsonNode send(String text, String languageCode, boolean markedAsCommand) {
        return telegram.handleRaw(world.telegramEvent(update(text, languageCode, markedAsCommand)));
    }

    private List<String> replies() {
        return world.telegram.requests.stream()
                .map(r -> Json.parse(r.body()).orElseThrow().get("text").asText())
                .toList();
    }

    @Test
    void aKoreanTelegramUserIsAnsweredInKoreanAndTheBridgeIsToldSo() {
        send("안녕하세요", "ko", false);

        assertThat(replies()).containsExactly(Texts.WAKING.in(Language.ko));
        var pending = world.pending("telegram:" + CHAT);
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get(Protocol.FIELD_LANGUAGE).s()).isEqualTo("ko");
        // the container started for this chat sends its start-up notices in Korean too
        assertThat(world.handlerRunTasks())
                .singleElement()
                .satisfies(runTask ->
                        assertThat(runTask.body()).contains("{\"name\":\"TELEGRAM_LANGUAGE\",\"value\":\"ko\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xx-<script>", "ko;drop", "pt-BR"})
    void aHostileLanguageCodeReachesTheContainerAsEnglishNeverRaw(String code) {
        send("hello", code, false);

        assertThat(world.handlerRunTasks())
                .singleElement()
                .satisfies(runTask -> assertThat(runTask.body())
                        .contains("{\"name\":\"TELEGRAM_LANGUAGE\",\"value\":\"en\"}")
                        .doesNotContain(code));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"de", "xx-<script>", "", "ko;drop", "kokokokokokokokokokokokokokokokokokokokokokokokokokokoko"})
    void anUnknownOrHostileLanguageCodeIsAnsweredInEnglish(String code) {
        send("/help", code, true);

        assertThat(replies()).containsExactly(Texts.HELP.in(Language.en));
    }

    @Test
    void helpStatusAndNewAreAnsweredWithoutReachingTheAgent() {
        send("/help", "ko", true);
        send("/start", "en", true);
        send("/status", "en", true);

        assertThat(replies())
                .containsExactly(
                        Texts.HELP.in(Language.ko), Texts.HELP.in(Language.en), Texts.STATUS_IDLE.in(Language.en));
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.pending("telegram:" + CHAT)).isEmpty();

        send("hello", "en", false); // starts the container
        send("/status@my_bot whatever", "en", true);
        assertThat(replies()).endsWith(Texts.WAKING.in(Language.en), Texts.STATUS_STARTING.in(Language.en));
    }

    @Test
    void newStartsAConversationThatTheNextMessagesCarry() {
        send("first", "en", false);
        send("/new", "ko", true);
        send("second", "en", false);

        assertThat(replies()).contains(Texts.NEW_CONVERSATION.in(Language.ko));
        var pending = world.pending("telegram:" + CHAT);
        assertThat(pending).hasSize(2);
        // "first" in the default conversation (no attribute), "second" in the new one
        assertThat(pending)
                .filteredOn(row -> row.get("message").s().equals("first"))
                .singleElement()
                .satisfies(row ->
                        assertThat(row.get(Protocol.FIELD_CONVERSATION_ID)).isNull());
        assertThat(pending)
                .filteredOn(row -> row.get("message").s().equals("second"))
                .singleElement()
                .satisfies(row ->
                        assertThat(row.get(Protocol.FIELD_CONVERSATION_ID).s()).matches("tg-\\d+"));
    }

    @Test
    void anUnknownOrJunkCommandIsAnsweredAndNeverSentToTheAgent() {
        send("/rm -rf /", "en", true);
        send("/\u0000\u202e", "en", true);
        send("/" + "x".repeat(5000), "en", true);

        assertThat(replies())
                .containsExactly(
                        Texts.UNKNOWN_COMMAND.in(Language.en),
                        Texts.UNKNOWN_COMMAND.in(Language.en),
                        Texts.UNKNOWN_COMMAND.in(Language.en));
        assertThat(world.pending("telegram:" + CHAT)).isEmpty();
        assertThat(world.handlerRunTasks()).isEmpty();
    }

    @Test
    void aSlashInTextTelegramDoesNotMarkAsACommandGoesToTheAgent() {
        send("/etc/hosts: what is this file?", "en", false);

        assertThat(replies()).containsExactly(Texts.WAKING.in(Language.en));
        assertThat(world.pending("telegram:" + CHAT))
                .extracting(row -> row.get("message").s())
                .containsExactly("/etc/hosts: what is this file?");
    }

    @Test
    void malformedEntitiesAreNotACommand() {
        ObjectNode update =
                (ObjectNode) Json.parse(update("/nothing", "en", false)).orElseThrow();
        ((ObjectNode) update.get("message")).put("entities", "bot_command");
        telegram.handleRaw(world.telegramEvent(Json.write(update)));
        ((ObjectNode) update.get("message"))
                .putArray("entities")
                .addObject()
                .put("type", "bot_command")
                .put("offset", "0");
        telegram.handleRaw(world.telegramEvent(Json.write(update)));

        assertThat(world.pending("telegram:" + CHAT)).hasSize(2); // both went to the agent as text
    }

    @Test
    void theWebUisLanguageComesWithTheConnectionAndJunkIsEnglish() {
        ObjectNode event = (ObjectNode) Json.parse(World.connectEvent("conn-ko", world.idToken("user-ko")))
                .orElseThrow();
        ((ObjectNode) event.get("queryStringParameters")).put(Protocol.LANGUAGE_QUERY_PARAMETER, "ko-KR");
        new WsConnectHandler(world.services()).handleRaw(Json.write(event));
        ((ObjectNode) event.get("queryStringParameters")).put(Protocol.LANGUAGE_QUERY_PARAMETER, "<img src=x>");
        ((ObjectNode) event.get("requestContext")).put("connectionId", "conn-junk");
        new WsConnectHandler(world.services()).handleRaw(Json.write(event));

        Connections connections = new Connections(world.services());
        assertThat(connections.find("conn-ko").language()).isEqualTo(Language.ko);
        assertThat(connections.find("conn-junk").language()).isEqualTo(Language.en);

        world.env.put("TASK_DEFINITION_FAMILY", "no-such-family"); // the start fails: the error is in Korean
        new WsMessageHandler(world.services())
                .handleRaw(World.wsEvent("conn-ko", "{\"action\":\"sendMessage\",\"message\":\"hi\"}"));
        assertThat(world.pushes("conn-ko"))
                .extracting(f -> f.get("error").asText())
                .containsExactly(Texts.START_FAILED.in(Language.ko));
        assertThat(world.pending("user-ko").get(0).get(Protocol.FIELD_LANGUAGE).s())
                .isEqualTo("ko");
    }
}
