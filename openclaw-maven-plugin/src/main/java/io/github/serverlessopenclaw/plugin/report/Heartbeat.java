package io.github.serverlessopenclaw.plugin.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Passes progress lines through and, when none came for {@link #QUIET_LIMIT}, repeats the last one with the
 * time it has been running ({@code   ... still: Preparing OpenClaw node_modules (20 s)}), so a long download or
 * {@code npm ci} never leaves the build silent. {@link #start} checks once a second on a daemon thread; tests
 * drive {@link #tick()} with their own clock.
 */
public final class Heartbeat implements Consumer<String>, AutoCloseable {
    public static final Duration QUIET_LIMIT = Duration.ofSeconds(10);

    private final Consumer<String> out;
    private final Clock clock;
    private final Duration quietLimit;
    private ScheduledExecutorService scheduler;
    private String activity = "working";
    private Instant activitySince;
    private Instant lastLine;

    public Heartbeat(Consumer<String> out, Clock clock, Duration quietLimit) {
        this.out = out;
        this.clock = clock;
        this.quietLimit = quietLimit;
        this.activitySince = clock.instant();
        this.lastLine = activitySince;
    }

    /** A heartbeat on the system clock, checked every second until {@link #close()}. */
    public static Heartbeat start(Consumer<String> out) {
        Heartbeat heartbeat = new Heartbeat(out, Clock.systemUTC(), QUIET_LIMIT);
        heartbeat.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "openclaw-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduler.scheduleAtFixedRate(heartbeat::tick, 1, 1, TimeUnit.SECONDS);
        return heartbeat;
    }

    /** Prints the line; it becomes the activity the heartbeat names. */
    @Override
    public synchronized void accept(String line) {
        out.accept(line);
        activity = line.strip();
        activitySince = clock.instant();
        lastLine = activitySince;
    }

    /** Prints a line that does not change the activity (a progress percentage of the same activity). */
    public synchronized void detail(String line) {
        out.accept(line);
        lastLine = clock.instant();
    }

    /** Repeats the activity when nothing was printed for the quiet limit. */
    public synchronized void tick() {
        Instant now = clock.instant();
        if (Duration.between(lastLine, now).compareTo(quietLimit) >= 0) {
            out.accept("  ... still: " + activity + " ("
                    + Duration.between(activitySince, now).toSeconds() + " s)");
            lastLine = now;
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
