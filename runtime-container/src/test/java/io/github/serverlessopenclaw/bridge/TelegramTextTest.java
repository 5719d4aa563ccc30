package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TelegramTextTest {

    @Test
    void markdownBecomesPlainText() {
        String markdown = "# Title\nSome **bold**, __strong__, *italic*, _under_ and ~~gone~~ text.\n"
                + "Call `run()` or see [docs](https://example.com/a_b).\n```java\nint x = 1;\n```\nsnake_case_name stays";

        assertThat(TelegramText.plain(markdown))
                .isEqualTo("Title\nSome bold, strong, italic, under and gone text.\n"
                        + "Call run() or see docs (https://example.com/a_b).\nint x = 1;\nsnake_case_name stays");
    }

    @Test
    void longTextIsSplitAtBreaksWithinTheLimit() {
        String line = "word ".repeat(19) + "end\n"; // 100 characters
        String text = line.repeat(50); // 5000 characters

        List<String> pieces = TelegramText.split(text, TelegramText.MAX_CHARS);

        assertThat(pieces).hasSize(2);
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(TelegramText.MAX_CHARS));
        assertThat(pieces.get(0)).endsWith("end\n");
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void aTextWithoutBreaksIsCutButNeverInsideASurrogatePair() {
        String text = "a".repeat(4095) + "😀" + "b".repeat(10);

        List<String> pieces = TelegramText.split(text, TelegramText.MAX_CHARS);

        assertThat(pieces.get(0)).hasSize(4095);
        assertThat(pieces.get(1)).startsWith("😀");
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void shortTextIsOnePiece() {
        assertThat(TelegramText.split("hello", TelegramText.MAX_CHARS)).containsExactly("hello");
        assertThat(TelegramText.split("", TelegramText.MAX_CHARS)).isEmpty();
    }
}
