package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Texts;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bridge's texts about a message come in the message's language, from the shared catalogue. */
class BridgeLanguageTest {
    @Test
    void failureTextsFollowTheMessagesLanguage() {
        assertThat(MessageProcessor.userText("x", "context_length", Language.ko)).isEqualTo(Texts.CONTEXT_TOO_LONG.in(Language.ko));
        assertThat(MessageProcessor.userText("gateway down", "unavailable", Language.ko))
                .isEqualTo(Texts.UNAVAILABLE.format(Language.ko, "gateway down")).contains("gateway down");
        assertThat(MessageProcessor.userText("gateway down", "unavailable", Language.en))
                .isEqualTo("The agent is not available right now (gateway down). Please try again.");
        assertThat(MessageProcessor.userText("odd {0}", "something-new", Language.en)).isEqualTo("The agent could not answer: odd {0}");
    }

    @Test
    void aMessageWithoutOrWithAJunkLanguageIsEnglish() {
        BridgeMessage none = new BridgeMessage("u", "hi", Protocol.Channel.web, "c", "https://x", "default", Instant.EPOCH, null);
        BridgeMessage junk = new BridgeMessage("u", "hi", Protocol.Channel.web, "c", "https://x", "default", Instant.EPOCH,
                Language.of("\u202eko"));
        assertThat(none.language()).isEqualTo(Language.en);
        assertThat(junk.language()).isEqualTo(Language.en);
    }
}
