package io.github.serverlessopenclaw.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppNamesTest {

    @Test
    void derivesEveryNameFromTheAppName() {
        AppNames names = new AppNames("team-a");
        assertThat(names.table(Table.TASK_STATE)).isEqualTo("team-a-TaskState");
        assertThat(names.stackName("Network")).isEqualTo("team-a-Network");
        assertThat(names.secretParameter("bridge-auth-token")).isEqualTo("/team-a/secrets/bridge-auth-token");
        assertThat(names.containerLogGroup()).isEqualTo("/ecs/team-a");
        assertThat(names.cluster()).isEqualTo("team-a");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "A", "1abc", "has_underscore", "ends-", "Upper", "way-too-long-name-for-every-aws-resource"})
    void rejectsInvalidNamesWithTheRule(String bad) {
        assertThatThrownBy(() -> new AppNames(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowercase letters, digits and hyphens");
    }
}
