package io.github.serverlessopenclaw.plugin.image;

import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.Allocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * Jib's progress events as a line {@code   Jib 42% (pushing layer …)} at most every {@link #EVERY}: Jib sends
 * an event for every few kilobytes. Each event's units are a share of the whole build (its allocation's fraction
 * of the root), summed as Jib's own {@code ProgressEventHandler} does (which cannot be used here: its update
 * type is Guava's, not on the plugin's compile path). 100% is always printed.
 */
final class JibProgress implements Consumer<ProgressEvent> {
    static final Duration EVERY = Duration.ofSeconds(3);

    private final DoubleAdder done = new DoubleAdder();
    private final Consumer<String> out;
    private final Clock clock;
    private final Duration every;
    private Instant lastPrinted;
    private int lastPercent = -1;

    JibProgress(Consumer<String> out, Clock clock, Duration every) {
        this.out = out;
        this.clock = clock;
        this.every = every;
    }

    @Override
    public void accept(ProgressEvent event) {
        Allocation allocation = event.getAllocation();
        done.add(event.getUnits() * allocation.getFractionOfRoot()); // the fraction of the whole build one unit is
        update(done.sum(), allocation.getDescription());
    }

    private synchronized void update(double fraction, String task) {
        int percent =
                (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100 + 1e-6); // sums of doubles end at 0.999…
        Instant now = clock.instant();
        boolean due = lastPrinted == null || Duration.between(lastPrinted, now).compareTo(every) >= 0;
        if (percent == lastPercent || !(due || percent == 100)) {
            return;
        }
        lastPrinted = now;
        lastPercent = percent;
        out.accept(
                "  Jib " + percent + "%" + (percent == 100 || task == null || task.isBlank() ? "" : " (" + task + ")"));
    }
}
