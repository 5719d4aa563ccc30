package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Texts;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bridge's texts about a message come in the message's language, from the shared catalogue. */
class BridgeLanguageTest {
    @Test
    void failureTextsFollowTheMessagesLanguage() {
        assertThat(MessageProcessor.userText("x", "context_length", Language.ko))
                .isEqualTo(Texts.CONTEXT_TOO_LONG.in(Language.ko));
        assertThat(MessageProcessor.userText("gateway down", "unavailable", Language.ko))
                .isEqualTo(Texts.UNAVAILABLE.format(Language.ko, "gateway down"))
                .contains("gateway down");
        assertThat(MessageProcessor.userText("gateway down", "unavailable", Language.en))
                .isEqualTo("The agent is not available right now (gateway down). Please try again.");
        assertThat(MessageProcessor.userText("odd {0}", "something-new", Language.en))
                .isEqualTo("The agent could not answer: odd {0}");
    }

    @Test
    void theStartUpNoticesTakeTheLanguageTheWebhookPassedAndEnglishOtherwise() {
        Map<String, String> env =
                new HashMap<>(Map.of(Env.TASK_USER_ID, "telegram:42", Env.GATEWAY_TOKEN, "gateway-token"));
        assertThat(BridgeConfig.fromEnv(env, name -> null).noticeLanguage()).isEqualTo(Language.en);
        env.put(Env.TASK_TELEGRAM_LANGUAGE, "ko");
        assertThat(BridgeConfig.fromEnv(env, name -> null).noticeLanguage()).isEqualTo(Language.ko);
        env.put(Env.TASK_TELEGRAM_LANGUAGE, "ko;rm -rf");
        assertThat(BridgeConfig.fromEnv(env, name -> null).noticeLanguage()).isEqualTo(Language.en);
        // the notices themselves come from the catalogue, so each has its Korean text
        assertThat(Bridge.NOTICE_STARTING.in(Language.ko)).isEqualTo("에이전트 컨테이너가 시작되었습니다. AI 엔진에 연결하는 중…");
        assertThat(Bridge.NOTICE_READY.in(Language.ko)).isEqualTo("에이전트가 준비되었습니다. 지금 답변합니다.");
    }

    @Test
    void aMessageWithoutOrWithAJunkLanguageIsEnglish() {
        BridgeMessage none =
                new BridgeMessage("u", "hi", Protocol.Channel.web, "c", "https://x", "default", Instant.EPOCH, null);
        BridgeMessage junk = new BridgeMessage(
                "u", "hi", Protocol.Channel.web, "c", "https://x", "default", Instant.EPOCH, Language.of("\u202eko"));
        assertThat(none.language()).isEqualTo(Language.en);
        assertThat(junk.language()).isEqualTo(Language.en);
    }
}
