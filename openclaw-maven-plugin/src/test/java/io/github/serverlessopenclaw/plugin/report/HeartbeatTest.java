package io.github.serverlessopenclaw.plugin.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.plugin.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nothing is silent for longer than the quiet limit: the last activity is named again with its running time. */
class HeartbeatTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final Heartbeat heartbeat = new Heartbeat(lines::add, clock, Duration.ofSeconds(10));

    @Test
    void aQuietActivityIsNamedAgainEveryQuietLimit() {
        heartbeat.accept("Preparing OpenClaw node_modules for linux/arm64");
        clock.advance(Duration.ofSeconds(9));
        heartbeat.tick();
        assertThat(lines).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        heartbeat.tick();
        clock.advance(Duration.ofSeconds(10));
        heartbeat.tick();
        assertThat(lines)
                .containsExactly(
                        "Preparing OpenClaw node_modules for linux/arm64",
                        "  ... still: Preparing OpenClaw node_modules for linux/arm64 (10 s)",
                        "  ... still: Preparing OpenClaw node_modules for linux/arm64 (20 s)");
    }

    @Test
    void detailLinesKeepTheActivityButResetTheQuietTime() {
        heartbeat.accept("Building and pushing registry/app:tag");
        clock.advance(Duration.ofSeconds(8));
        heartbeat.detail("  Jib 40%");
        clock.advance(Duration.ofSeconds(8));
        heartbeat.tick();
        assertThat(lines).hasSize(2);
        clock.advance(Duration.ofSeconds(2));
        heartbeat.tick();
        assertThat(lines).last().isEqualTo("  ... still: Building and pushing registry/app:tag (18 s)");
    }

    @Test
    void aNewActivityRestartsItsTime() {
        heartbeat.accept("Preparing Node 22");
        clock.advance(Duration.ofSeconds(30));
        heartbeat.accept("Preparing OpenClaw node_modules");
        clock.advance(Duration.ofSeconds(12));
        heartbeat.tick();
        assertThat(lines).last().isEqualTo("  ... still: Preparing OpenClaw node_modules (12 s)");
    }
}
