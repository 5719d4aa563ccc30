package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(MotoExtension.class)
class PrewarmHandlerTest {
    private World world;
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        Metrics.redirect(new PrintStream(metrics, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        Metrics.redirect(System.out);
        world.close();
    }

    private JsonNode run() {
        return new PrewarmHandler(world.services()).handleRaw("{\"source\":\"aws.events\"}");
    }

    private JsonNode metric(String name) {
        return metrics.toString(StandardCharsets.UTF_8)
                .lines()
                .map(l -> Json.parse(l).orElseThrow())
                .filter(l -> l.has(name))
                .findFirst()
                .orElse(null);
    }

    @Test
    void withNothingRunningItStartsAPrewarmTaskWithTheCallbackUrl() {
        JsonNode result = run();

        assertThat(result.get("result").asText()).isEqualTo("started");
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.handlerRunTasks().get(0).body())
                .contains("{\"name\":\"USER_ID\",\"value\":\"system:prewarm\"}")
                .contains(
                        "{\"name\":\"CALLBACK_URL\",\"value\":\"" + world.env.get(Env.WEBSOCKET_CALLBACK_URL) + "\"}");
        var state = world.taskState(Constants.PREWARM_USER_ID);
        assertThat(state.get("status").s()).isEqualTo("Starting");
        assertThat(state.get("taskArn").s()).isEqualTo(result.get("taskArn").asText());
        assertThat(Long.parseLong(state.get("prewarmUntil").n()))
                .isEqualTo(world.clock.instant().plus(Duration.ofMinutes(60)).toEpochMilli());
        JsonNode emf = metric("PrewarmTriggered");
        assertThat(emf.get("PrewarmTriggered").asDouble()).isEqualTo(1.0);
        assertThat(emf.path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .get("Namespace")
                        .asText())
                .isEqualTo("ServerlessOpenClaw");
        // every metric carries the appName (side-by-side deployments do not mix), as the dashboard asks for it
        assertThat(emf.path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .get("Dimensions")
                        .get(0)
                        .toString())
                .isEqualTo("[\"AppName\"]");
        assertThat(emf.get("AppName").asText()).isEqualTo(io.github.serverlessopenclaw.common.RuntimeMetric.appName());
    }

    @ParameterizedTest
    @CsvSource({"30,30", "abc,60", "0,60", "-5,60", "'',60"})
    void durationComesFromTheEnvironmentWithSixtyMinutesAsFallback(String configured, long minutes) {
        world.env.put(Env.PREWARM_DURATION_MINUTES, configured);
        run();
        assertThat(Long.parseLong(world.taskState(Constants.PREWARM_USER_ID)
                        .get("prewarmUntil")
                        .n()))
                .isEqualTo(
                        world.clock.instant().plus(Duration.ofMinutes(minutes)).toEpochMilli());
    }

    @Test
    void aRunningTaskIsExtendedInsteadOfStartingAnother() {
        Instant started = world.clock.instant().minus(Duration.ofMinutes(30));
        world.putTaskState("some-user", "Running", world.runTask(), "127.0.0.1", started, started, null);

        JsonNode result = run();

        assertThat(result.get("result").asText()).isEqualTo("extended");
        assertThat(world.handlerRunTasks()).isEmpty();
        var state = world.taskState("some-user");
        assertThat(state.get("lastActivity").s())
                .isEqualTo(world.clock.instant().toString());
        assertThat(Long.parseLong(state.get("prewarmUntil").n()))
                .isEqualTo(world.clock.instant().plus(Duration.ofMinutes(60)).toEpochMilli());
        assertThat(metric("PrewarmSkipped").get("Reason").asText()).isEqualTo("AlreadyRunning");
    }

    @Test
    void withoutACallbackUrlNoContainerIsStarted() {
        world.env.remove(Env.WEBSOCKET_CALLBACK_URL);
        assertThat(run().get("result").asText()).isEqualTo("misconfigured");
        assertThat(world.handlerRunTasks()).isEmpty();
    }

    @Test
    void aFailedRunTaskLeavesNoRowBehind() {
        world.env.put(Env.TASK_FAMILY, "no-such-family");
        assertThat(run().get("result").asText()).isEqualTo("failed");
        assertThat(world.taskState(Constants.PREWARM_USER_ID)).isNull();
        assertThat(metric("PrewarmTriggered")).isNull();
    }
}
