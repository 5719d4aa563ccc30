package io.github.serverlessopenclaw.plugin.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.testing.Moto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** The deployment's log groups on moto: merged in time order, one user's part, and a follow that shows each line once. */
class DeploymentLogsMotoTest {
    private final AppNames names = new AppNames("logs-" + System.nanoTime() % 1_000_000);
    private final Instant now = Instant.now();
    private CloudWatchLogsClient client;

    @BeforeEach
    void groups() {
        client = Moto.get().client(CloudWatchLogsClient.builder());
        client.createLogGroup(b -> b.logGroupName(names.containerLogGroup()));
        client.createLogGroup(b -> b.logGroupName(names.functionLogGroup("ws-message")));
        put(
                names.containerLogGroup(),
                DeploymentLogs.containerStream("task-alice"),
                now.minusSeconds(50),
                "bridge of alice started");
        put(
                names.containerLogGroup(),
                DeploymentLogs.containerStream("task-bob"),
                now.minusSeconds(40),
                "bridge of bob started");
        put(
                names.functionLogGroup("ws-message"),
                "2026/stream",
                now.minusSeconds(45),
                "WARN routing a message of sub-alice failed");
        put(names.functionLogGroup("ws-message"), "2026/stream", now.minusSeconds(30), "INFO an unrelated line");
        put(names.functionLogGroup("ws-message"), "2026/stream", now.minusSeconds(3600), "INFO an hour ago");
    }

    @AfterEach
    void close() {
        client.close();
    }

    private void put(String group, String stream, Instant at, String message) {
        try {
            client.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
        } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException e) {
            // the stream is there already
        }
        client.putLogEvents(b -> b.logGroupName(group)
                .logStreamName(stream)
                .logEvents(e -> e.timestamp(at.toEpochMilli()).message(message)));
    }

    @Test
    void everySourceInTimeOrderWithinTheWindowAndAMissingGroupLeftOut() {
        List<DeploymentLogs.Line> lines = new DeploymentLogs(client)
                .read(
                        DeploymentLogs.sources(names, List.of(), Optional.empty(), List.of()),
                        now.minusSeconds(600),
                        now.plusMillis(1));

        assertThat(lines)
                .extracting(DeploymentLogs.Line::message)
                .containsExactly(
                        "bridge of alice started",
                        "WARN routing a message of sub-alice failed",
                        "bridge of bob started",
                        "INFO an unrelated line");
        assertThat(lines.get(1).text())
                .isEqualTo(now.minusSeconds(45).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                        + " ws-message       WARN routing a message of sub-alice failed");
    }

    @Test
    void oneUsersContainerAndTheLambdaLinesNamingThem() {
        List<DeploymentLogs.Line> lines = new DeploymentLogs(client)
                .read(
                        DeploymentLogs.sources(
                                names,
                                List.of("container", "ws-message"),
                                Optional.of("sub-alice"),
                                List.of("task-alice")),
                        now.minusSeconds(600),
                        now.plusMillis(1));

        assertThat(lines)
                .extracting(DeploymentLogs.Line::source, DeploymentLogs.Line::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("container", "bridge of alice started"),
                        org.assertj.core.groups.Tuple.tuple(
                                "ws-message", "WARN routing a message of sub-alice failed"));
    }

    @Test
    void anUnknownSourceIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> DeploymentLogs.sources(names, List.of("ws-mesage"), Optional.empty(), List.of()))
                .hasMessageStartingWith(
                        "openclaw.function: there is no log source 'ws-mesage'; use one or more of container,")
                .hasMessageContaining("ws-message");
    }

    @Test
    void followShowsNewLinesOnceEachAcrossPolls() {
        List<String> shown = new ArrayList<>();
        int[] polls = {0};
        Instant[] clock = {now};
        new DeploymentLogs(client)
                .follow(
                        DeploymentLogs.sources(names, List.of("ws-message"), Optional.empty(), List.of()),
                        now.minusSeconds(60),
                        Duration.ofSeconds(2),
                        new DeploymentLogs.Ticker() {
                            @Override
                            public Instant now() {
                                return clock[0];
                            }

                            @Override
                            public void pause(Duration duration) {
                                clock[0] = clock[0].plus(duration);
                                // a line that arrives during the pause, and one ingested late with an earlier timestamp
                                put(
                                        names.functionLogGroup("ws-message"),
                                        "2026/stream",
                                        clock[0].minusMillis(500),
                                        "INFO new " + polls[0]);
                                put(
                                        names.functionLogGroup("ws-message"),
                                        "2026/other",
                                        clock[0].minusSeconds(10),
                                        "INFO late " + polls[0]);
                            }
                        },
                        () -> ++polls[0] < 3,
                        line -> shown.add(line.message()));

        assertThat(shown)
                .containsExactly(
                        "WARN routing a message of sub-alice failed",
                        "INFO an unrelated line",
                        "INFO late 1",
                        "INFO new 1",
                        "INFO late 2",
                        "INFO new 2");
    }
}
