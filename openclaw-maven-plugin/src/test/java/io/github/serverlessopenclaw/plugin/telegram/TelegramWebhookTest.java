package io.github.serverlessopenclaw.plugin.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.telegram.TelegramStub.Request;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The telegram goal's Bot API calls, exactly as sent, against a local stub; secrets from SSM on moto. */
@ExtendWith(MotoExtension.class)
class TelegramWebhookTest {
    private static final String TOKEN = "123456:AAH-test-token";
    private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String ENDPOINT = "https://abc123.execute-api.us-east-1.amazonaws.com/";
    private static final String WEBHOOK = "https://abc123.execute-api.us-east-1.amazonaws.com/telegram";
    private static int apps;

    private final Moto moto;
    private final ObjectMapper json = new ObjectMapper();
    private SsmClient ssm;
    private TelegramStub stub;
    private AppNames names;

    TelegramWebhookTest(Moto moto) {
        this.moto = moto;
    }

    @BeforeEach
    void start() throws Exception {
        ssm = moto.client(SsmClient.builder());
        stub = new TelegramStub();
        names = new AppNames("tg-" + ++apps);
    }

    @AfterEach
    void stop() {
        stub.close();
        ssm.close();
    }

    private void storeSecrets() {
        ssm.putParameter(b -> b.name(names.secretParameter(TelegramWebhook.BOT_TOKEN_SECRET))
                .type(ParameterType.SECURE_STRING)
                .value(TOKEN));
        ssm.putParameter(b -> b.name(names.secretParameter(TelegramWebhook.WEBHOOK_SECRET))
                .type(ParameterType.SECURE_STRING)
                .value(SECRET));
    }

    private TelegramWebhook webhook() {
        return new TelegramWebhook(HttpClient.newHttpClient(), stub.base(), ssm, names);
    }

    @Test
    void registersTheWebhookWithTheSecretThenVerifiesItAndReportsTheLastError() throws Exception {
        storeSecrets();
        stub.answer("setWebhook", 200, "{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}")
                .answer(
                        "getWebhookInfo",
                        200,
                        "{\"ok\":true,\"result\":{\"url\":\"" + WEBHOOK + "\",\"has_custom_certificate\":false,"
                                + "\"pending_update_count\":3,\"last_error_date\":1764400000,"
                                + "\"last_error_message\":\"Wrong response from the webhook: 403 Forbidden\",\"max_connections\":40}}");

        WebhookInfo info = webhook().register(ENDPOINT);

        assertThat(info)
                .isEqualTo(new WebhookInfo(
                        WEBHOOK,
                        3,
                        Optional.of("Wrong response from the webhook: 403 Forbidden"),
                        Optional.of(Instant.ofEpochSecond(1764400000))));
        assertThat(stub.requests()).hasSize(2);
        Request set = stub.requests().get(0);
        assertThat(set.method()).isEqualTo("POST");
        assertThat(set.path()).isEqualTo("/bot" + TOKEN + "/setWebhook");
        assertThat(set.contentType()).isEqualTo("application/json");
        assertThat(json.readTree(set.body()))
                .isEqualTo(json.readTree("{\"url\":\"" + WEBHOOK + "\",\"secret_token\":\"" + SECRET
                        + "\",\"allowed_updates\":[\"message\"]}"));
        assertThat(stub.requests().get(1)).isEqualTo(new Request("GET", "/bot" + TOKEN + "/getWebhookInfo", null, ""));
    }

    @Test
    void failsWhenTelegramReportsAnotherUrl() {
        storeSecrets();
        stub.answer("setWebhook", 200, "{\"ok\":true,\"result\":true}")
                .answer(
                        "getWebhookInfo",
                        200,
                        "{\"ok\":true,\"result\":{\"url\":\"https://elsewhere.example/telegram\",\"pending_update_count\":0}}");

        assertThatThrownBy(() -> webhook().register(ENDPOINT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "Telegram reports the webhook URL 'https://elsewhere.example/telegram' instead of '" + WEBHOOK
                                + "'");
    }

    @Test
    void aRefusedTokenNamesTheParameterAndNeverTheToken() {
        storeSecrets();
        stub.answer("setWebhook", 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");

        assertThatThrownBy(() -> webhook().register(ENDPOINT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Telegram refused setWebhook: Unauthorized; the bot token in "
                        + names.secretParameter("telegram-bot-token")
                        + " is not valid: set it again with openclaw:secrets")
                .message()
                .doesNotContain(TOKEN);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void aMissingSecretFailsBeforeTelegramIsCalled() {
        ssm.putParameter(b -> b.name(names.secretParameter(TelegramWebhook.BOT_TOKEN_SECRET))
                .type(ParameterType.SECURE_STRING)
                .value(TOKEN));

        assertThatThrownBy(() -> webhook().register(ENDPOINT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "SSM parameter " + names.secretParameter("telegram-webhook-secret")
                                + " (a random webhook secret"
                                + " (generated by openclaw:secrets)) is missing: store it with mvn openclaw:secrets, then run openclaw:telegram again");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void removeDeletesTheWebhookAndVerifiesNoUrlIsLeft() throws Exception {
        storeSecrets();
        stub.answer("deleteWebhook", 200, "{\"ok\":true,\"result\":true,\"description\":\"Webhook was deleted\"}")
                .answer("getWebhookInfo", 200, "{\"ok\":true,\"result\":{\"url\":\"\",\"pending_update_count\":0}}");

        assertThat(webhook().remove()).isEqualTo(new WebhookInfo("", 0, Optional.empty(), Optional.empty()));
        assertThat(stub.requests())
                .extracting(Request::method, Request::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST", "/bot" + TOKEN + "/deleteWebhook"),
                        org.assertj.core.groups.Tuple.tuple("GET", "/bot" + TOKEN + "/getWebhookInfo"));
        assertThat(json.readTree(stub.requests().get(0).body()))
                .isEqualTo(json.readTree("{\"drop_pending_updates\":false}"));
    }

    @Test
    void anUnreachableApiIsAClearErrorWithoutTheToken() {
        storeSecrets();
        TelegramWebhook unreachable = new TelegramWebhook(
                HttpClient.newHttpClient(), TelegramWebhook.apiBase("http://127.0.0.1:9/"), ssm, names);
        assertThatThrownBy(unreachable::remove)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The Telegram Bot API at http://127.0.0.1:9 is not reachable")
                .message()
                .doesNotContain(TOKEN);
        assertThatThrownBy(() -> TelegramWebhook.apiBase("telegram"))
                .hasMessage("openclaw.telegram.apiUrl 'telegram' is not an http(s) URL, e.g. https://api.telegram.org");
    }

    @Test
    void registersTheCommandsInEnglishForEveryoneAndInKoreanForKoreanApps() throws Exception {
        storeSecrets();
        stub.answer("setMyCommands", 200, "{\"ok\":true,\"result\":true}");

        webhook().registerCommands();

        assertThat(stub.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/bot" + TOKEN + "/setMyCommands");
        });
        var english = json.readTree(stub.requests().get(0).body());
        var korean = json.readTree(stub.requests().get(1).body());
        assertThat(english.has("language_code")).isFalse();
        assertThat(korean.get("language_code").asText()).isEqualTo("ko");
        assertThat(english.get("commands").findValuesAsText("command"))
                .containsExactly("new", "status", "link", "help");
        assertThat(korean.get("commands").findValuesAsText("command")).containsExactly("new", "status", "link", "help");
        assertThat(english.get("commands").get(0).get("description").asText())
                .isEqualTo(io.github.serverlessopenclaw.common.Texts.COMMAND_NEW.in(
                        io.github.serverlessopenclaw.common.Language.en));
        assertThat(korean.get("commands").get(0).get("description").asText())
                .isEqualTo(io.github.serverlessopenclaw.common.Texts.COMMAND_NEW.in(
                        io.github.serverlessopenclaw.common.Language.ko));
        // Bot API limits: command 1-32 of [a-z0-9_], description 1-256 characters
        for (var body : java.util.List.of(english, korean)) {
            body.get("commands").forEach(c -> {
                assertThat(c.get("command").asText()).matches("[a-z0-9_]{1,32}");
                assertThat(c.get("description").asText()).hasSizeBetween(1, 256);
            });
        }
    }

    @Test
    void aRefusedCommandRegistrationNamesTheFixAndNeverTheToken() {
        storeSecrets();
        stub.answer(
                "setMyCommands",
                400,
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: " + TOKEN + "\"}");

        assertThatThrownBy(() -> webhook().registerCommands())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Telegram refused setMyCommands: Bad Request: <bot-token>")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }
}
