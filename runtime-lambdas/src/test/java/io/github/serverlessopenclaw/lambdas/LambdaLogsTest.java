package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * What the Lambdas log: every unexpected failure as one ERROR entry through {@link Log} (Lambda's logger in a Lambda,
 * whose JSON format adds the request id) with its whole stack trace, the SDK's warnings through the same logger, and
 * priming only for inits that run ahead of a request.
 */
@ExtendWith(MotoExtension.class)
class LambdaLogsTest {
    record Line(String message, Log.Level level) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private World world;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        world.connect("conn-1", "user-1");
        Log.sendTo((level, message) -> lines.add(new Line(message, level)));
    }

    @AfterEach
    void tearDown() {
        Log.sendTo(null);
        world.close();
    }

    @Test
    void aFailedStartIsLoggedOnceAsAnErrorWithItsStackTrace() {
        world.env.put("TASK_DEFINITION_FAMILY", "no-such-family");
        JsonNode response = new WsMessageHandler(world.services())
                .handleRaw(World.wsEvent("conn-1", "{\"action\":\"sendMessage\",\"message\":\"hello\"}"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(lines)
                .filteredOn(l -> l.level() == Log.Level.ERROR)
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.message())
                            .startsWith("routing a message of user-1 failed: ")
                            .contains("Exception")
                            .contains("\tat io.github.serverlessopenclaw.lambdas.TaskLauncher.start(");
                });
    }

    @Test
    void anUnexpectedExceptionBecomesA500AndAnErrorWithItsStackTrace() {
        world.env.put(Table.TASK_STATE.envVar(), "no-such-table"); // a broken deployment: its table is gone

        JsonNode response =
                new WsMessageHandler(world.services()).handleRaw(World.wsEvent("conn-1", "{\"action\":\"getStatus\"}"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(World.body(response).toString()).isEqualTo("{\"error\":\"Internal error\"}");
        assertThat(lines)
                .filteredOn(l -> l.level() == Log.Level.ERROR)
                .singleElement()
                .satisfies(line -> assertThat(line.message())
                        .startsWith("WsMessageHandler failed: "
                                + "software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException")
                        .contains("\tat io.github.serverlessopenclaw.lambdas.TaskStates.get("));
    }

    @Test
    void theSdksSlf4jLinesReachLambdasLoggerAndItsDebugIsNeverBuilt() {
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith(SdkLogProvider.class.getName());
        var logger = LoggerFactory.getLogger("software.amazon.awssdk.test");

        logger.warn("retrying {} after {}", "GetItem", "a throttle");
        logger.error("gave up", new IllegalStateException("boom"));

        assertThat(logger.isDebugEnabled()).isFalse();
        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(lines).extracting(Line::level).containsExactly(Log.Level.WARN, Log.Level.ERROR);
        assertThat(lines.get(0).message()).isEqualTo("AWS SDK: retrying GetItem after a throttle");
        assertThat(lines.get(1).message())
                .startsWith("AWS SDK: gave up: java.lang.IllegalStateException: boom")
                .contains("\tat ");
    }

    @Test
    void primingRunsOnlyWhenTheInitRunsAheadOfARequest() {
        assertThat(Priming.wanted(Map.of(Priming.INITIALIZATION_TYPE, "snap-start")::get))
                .isTrue();
        assertThat(Priming.wanted(Map.of(Priming.INITIALIZATION_TYPE, "provisioned-concurrency")::get))
                .isTrue();
        assertThat(Priming.wanted(Map.of(Priming.INITIALIZATION_TYPE, "on-demand")::get))
                .isFalse();
        assertThat(Priming.wanted(Map.of(Priming.INITIALIZATION_TYPE, "SNAP-START; rm -rf")::get))
                .isFalse();
        assertThat(Priming.wanted(Map.<String, String>of()::get)).isFalse();
    }
}
