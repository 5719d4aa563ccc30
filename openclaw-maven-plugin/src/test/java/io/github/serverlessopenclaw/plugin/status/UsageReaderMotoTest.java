package io.github.serverlessopenclaw.plugin.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.testing.Moto;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** A week of use read from the log groups on moto: container hours from stream spans, requests from REPORT lines. */
class UsageReaderMotoTest {
    private final AppNames names = new AppNames("usage-" + System.nanoTime() % 1_000_000);
    private final Instant now = Instant.now();

    private static void put(CloudWatchLogsClient logs, String group, String stream, InputLogEvent... events) {
        logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    private InputLogEvent at(Duration ago, String message) {
        return InputLogEvent.builder()
                .timestamp(now.minus(ago).toEpochMilli())
                .message(message)
                .build();
    }

    private static String report(long billedMs, int memoryMb) {
        return "REPORT RequestId: 6f3c\tDuration: 12.34 ms\tBilled Duration: " + billedMs + " ms\tMemory Size: "
                + memoryMb + " MB\tMax Memory Used: 99 MB\t";
    }

    @Test
    void containerHoursRequestsAndGbSecondsOfTheWindow() {
        try (CloudWatchLogsClient logs = Moto.get().client(CloudWatchLogsClient.builder())) {
            logs.createLogGroup(b -> b.logGroupName(names.containerLogGroup()));
            put(
                    logs,
                    names.containerLogGroup(),
                    "openclaw/openclaw/task-a",
                    at(Duration.ofHours(3), "ready"),
                    at(Duration.ofHours(1), "idle stop"));
            put(
                    logs,
                    names.containerLogGroup(),
                    "openclaw/openclaw/task-b",
                    at(Duration.ofMinutes(50), "ready"),
                    at(Duration.ofMinutes(20), "still here"));
            // ran before the window: not counted
            put(
                    logs,
                    names.containerLogGroup(),
                    "openclaw/openclaw/task-old",
                    at(Duration.ofDays(9), "ready"),
                    at(Duration.ofDays(8), "idle stop"));
            logs.createLogGroup(b -> b.logGroupName(names.functionLogGroup("ws-message")));
            put(
                    logs,
                    names.functionLogGroup("ws-message"),
                    "s1",
                    at(Duration.ofHours(2), "START RequestId: 6f3c"),
                    at(Duration.ofHours(2).minusSeconds(1), report(100, 1024)),
                    at(Duration.ofHours(1), report(1000, 1024)));
            logs.createLogGroup(b -> b.logGroupName(names.functionLogGroup("watchdog")));
            put(logs, names.functionLogGroup("watchdog"), "s1", at(Duration.ofMinutes(5), report(2000, 512)));

            CostEstimate.Usage usage = new UsageReader(logs, names).read(now, Duration.ofDays(7), 123);

            assertThat(usage.days()).isEqualTo(7);
            assertThat(usage.containerHours()).isCloseTo(2.5, within(0.001));
            assertThat(usage.lambdaRequests()).isEqualTo(3);
            assertThat(usage.apiRequests()).isEqualTo(2); // ws-message is behind API Gateway, the watchdog is not
            assertThat(usage.lambdaGbSeconds()).isCloseTo(0.1 + 1.0 + 1.0, within(1e-9));
            assertThat(usage.s3Bytes()).isEqualTo(123);
            assertThat(usage.logBytes()).isPositive();
        }
    }
}
