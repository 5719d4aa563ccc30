package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextsTest {
    @Test
    void everyTextHasEveryLanguageWithTheSamePlaceholders() {
        for (Texts text : Texts.values()) {
            Set<String> english = placeholders(text.in(Language.en));
            for (Language language : Language.values()) {
                assertThat(text.in(language)).as(text + " in " + language).isNotBlank();
                assertThat(placeholders(text.in(language)))
                        .as(text + " in " + language)
                        .isEqualTo(english);
            }
        }
        assertThat(Texts.HELP.in(Language.ko)).isNotEqualTo(Texts.HELP.in(Language.en));
    }

    @Test
    void formatFillsPlaceholdersOnceAndNeverReadsAnArgumentAsOne() {
        assertThat(Texts.RATE_LIMITED.format(Language.en, 20)).startsWith("Too many messages: at most 20 a minute.");
        assertThat(Texts.RATE_LIMITED.format(Language.ko, 20)).contains("최대 20개");
        assertThat(Texts.UNAVAILABLE.format(Language.en, "{0} $1 \\")).contains("({0} $1 \\)");
        assertThat(Texts.UNAVAILABLE.format(Language.en)).contains("({0})");
    }

    @ParameterizedTest
    @CsvSource({"ko,ko", "ko-KR,ko", "KO_kr,ko", "en,en", "en-US,en", "de-DE,en", "fr,en"})
    void aTagSelectsItsLanguage(String tag, Language expected) {
        assertThat(Language.of(tag)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ko",
                "ko;",
                "kor",
                "k",
                "ko\u0000",
                "한국어",
                "ko-KR-x-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "<script>",
                "ko%2F..",
                "../ko"
            })
    void anythingElseIsEnglish(String tag) {
        assertThat(Language.of(tag)).isEqualTo(Language.en);
        assertThat(Language.of(null)).isEqualTo(Language.en);
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Texts.PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
