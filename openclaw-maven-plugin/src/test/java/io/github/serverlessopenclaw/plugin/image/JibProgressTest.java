package io.github.serverlessopenclaw.plugin.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.Allocation;
import io.github.serverlessopenclaw.plugin.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jib's own progress events (the allocation tree its builder sends):
 * a percentage line at most every interval, and always the last one.
 */
class JibProgressTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final JibProgress progress = new JibProgress(lines::add, clock, Duration.ofSeconds(3));

    @Test
    void printsThePercentageAtMostEveryIntervalAndAlwaysTheEnd() {
        Allocation root = Allocation.newRoot("building image", 2);
        Allocation push = root.newChild("pushing layer", 100);
        Allocation config = root.newChild("pushing config", 1);

        progress.accept(new ProgressEvent(root, 0));
        progress.accept(new ProgressEvent(push, 20)); // 10% at once: too soon after 0%
        clock.advance(Duration.ofSeconds(3));
        progress.accept(new ProgressEvent(push, 20)); // 20%
        clock.advance(Duration.ofSeconds(1));
        progress.accept(new ProgressEvent(push, 60)); // 50%: too soon
        progress.accept(new ProgressEvent(config, 1)); // 100%: always printed

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("  Jib 0%");
        assertThat(lines.get(1)).isEqualTo("  Jib 20% (pushing layer)");
        assertThat(lines.get(2)).isEqualTo("  Jib 100%");
    }
}
