package io.github.serverlessopenclaw.plugin.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private static final PasswordPolicy STRICT = new PasswordPolicy(12, true, true, true, true);

    @Test
    void listsEveryBrokenRule() {
        assertThat(STRICT.violations("short"))
                .containsExactly(
                        "at least 12 characters (has 5)",
                        "an uppercase letter",
                        "a number",
                        "a symbol (one of " + PasswordPolicy.SYMBOLS + ")");
        assertThat(STRICT.violations("ALLUPPERCASE1!")).containsExactly("a lowercase letter");
        assertThat(STRICT.violations(" Leading-space1")).containsExactly("no leading or trailing space");
        assertThat(STRICT.violations("Good-Password-42")).isEmpty();
    }

    @Test
    void onlyTheRulesThePoolSetsCount() {
        PasswordPolicy lenient = new PasswordPolicy(6, false, false, false, false);
        assertThat(lenient.violations("abcdef")).isEmpty();
        assertThat(lenient.violations("abc")).containsExactly("at least 6 characters (has 3)");
        assertThat(PasswordPolicy.from(null)).isEqualTo(PasswordPolicy.cognitoDefault());
    }

    @Test
    void generatedPasswordsMeetTheStrictestPolicyAndDiffer() {
        SecureRandom random = new SecureRandom();
        PasswordPolicy longer = new PasswordPolicy(32, true, true, true, true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String password = STRICT.generate(random);
            assertThat(STRICT.violations(password)).as(password).isEmpty();
            assertThat(password).hasSize(20);
            assertThat(longer.violations(longer.generate(random))).isEmpty();
            seen.add(password);
        }
        assertThat(seen).hasSize(500);
    }

    @Test
    void aGivenPasswordIsUsedAsIsAndBatchModeGenerates() {
        SecureRandom random = new SecureRandom();
        assertThat(PasswordChoice.choose(Optional.of("Given-Pass-1"), Optional.empty(), "a@b.c", STRICT, random))
                .isEqualTo(new PasswordChoice("Given-Pass-1", false));
        PasswordChoice generated = PasswordChoice.choose(Optional.empty(), Optional.empty(), "a@b.c", STRICT, random);
        assertThat(generated.generated()).isTrue();
        assertThat(STRICT.violations(generated.password())).isEmpty();
    }

    @Test
    void theMaskedPromptAsksTwiceAndRejectsAMismatch() {
        List<String> asked = new ArrayList<>();
        List<String> answers = new ArrayList<>(List.of("Typed-Pass-12", "Typed-Pass-12"));
        PasswordChoice typed = PasswordChoice.choose(
                Optional.empty(),
                Optional.of(message -> {
                    asked.add(message);
                    return answers.remove(0);
                }),
                "a@b.c",
                STRICT,
                new SecureRandom());
        assertThat(typed).isEqualTo(new PasswordChoice("Typed-Pass-12", false));
        assertThat(asked)
                .containsExactly(
                        "Password for a@b.c (at least 12 characters, an uppercase letter, a lowercase letter, a number, a symbol;"
                                + " empty to generate one)",
                        "Repeat the password");

        List<String> differing = new ArrayList<>(List.of("Typed-Pass-12", "Typed-Pass-13"));
        assertThatThrownBy(() -> PasswordChoice.choose(
                        Optional.empty(), Optional.of(m -> differing.remove(0)), "a@b.c", STRICT, new SecureRandom()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The two passwords differ: run the goal again");

        PasswordChoice empty =
                PasswordChoice.choose(Optional.empty(), Optional.of(m -> ""), "a@b.c", STRICT, new SecureRandom());
        assertThat(empty.generated()).isTrue();
    }
}
