package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RunTask as the Lambdas sign it by hand (Services.ecsCalls), against moto's ECS. */
@ExtendWith(MotoExtension.class)
class TaskLauncherTest {
    private World world;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void runTaskStartsTheFamilysTaskWithTheUsersEnvironmentAndReturnsItsArn() {
        String arn = new TaskLauncher(world.services()).start(Map.of(Env.TASK_USER_ID, "user-7"));

        assertThat(arn).startsWith("arn:aws:ecs:");
        assertThat(world.handlerRunTasks())
                .singleElement()
                .satisfies(call -> assertThat(call.body())
                        .contains("{\"name\":\"" + Env.TASK_USER_ID + "\",\"value\":\"user-7\"}")
                        .contains("\"assignPublicIp\":\"ENABLED\"")
                        .contains("\"launchType\":\"FARGATE\""));
    }

    @Test
    void eachRunTaskCarriesItsOwnIdempotencyTokenSoARetryCannotStartASecondTask() {
        TaskLauncher launcher = new TaskLauncher(world.services());
        launcher.start(Map.of(Env.TASK_USER_ID, "user-7"));
        launcher.start(Map.of(Env.TASK_USER_ID, "user-8"));

        List<String> tokens = world.handlerRunTasks().stream()
                .map(call -> Json.read(call.body()).path("clientToken").asText())
                .toList();
        assertThat(tokens).hasSize(2).doesNotHaveDuplicates().allMatch(t -> t.matches("[!-~]{1,64}"));
    }

    @Test
    void aRefusedRunTaskNamesEcsErrorCode() {
        world.env.put(Env.TASK_FAMILY, "no-such-family");
        assertThatThrownBy(() -> new TaskLauncher(world.services()).start(Map.of(Env.TASK_USER_ID, "user-7")))
                .hasMessageStartingWith("RunTask failed: HTTP 400 ClientException");
    }
}
