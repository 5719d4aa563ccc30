package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * When a claimed container stops itself for idleness. The watchdog decides who is stopped when (idle timeout,
 * longer for users active at this hour, never before {@code prewarmUntil}); the bridge only stops itself where
 * no rule of the watchdog would keep it running, as a backstop for a watchdog that cannot run: idle for longer
 * than both {@code IDLE_TIMEOUT_MINUTES} and {@link Constants#ACTIVE_USER_IDLE_TIMEOUT}, and past the prewarm
 * window its TaskState row names (set by the prewarm Lambda when it started or extended this container).
 */
final class IdleStop {
    private final Duration after;
    private final Supplier<Long> prewarmUntil;
    private final Clock clock;
    /** The prewarm window last read (epoch ms); the row is not read again before it ends. */
    private volatile long windowEnd;

    /**
     * @param prewarmUntil reads this task's row: its {@code prewarmUntil} (epoch ms), or null when it has none
     */
    IdleStop(Duration idleTimeout, Supplier<Long> prewarmUntil, Clock clock) {
        this.after = after(idleTimeout);
        this.prewarmUntil = prewarmUntil;
        this.clock = clock;
    }

    /** The idle time after which the bridge stops itself: the longest timeout the watchdog applies. */
    static Duration after(Duration idleTimeout) {
        return idleTimeout.compareTo(Constants.ACTIVE_USER_IDLE_TIMEOUT) > 0
                ? idleTimeout
                : Constants.ACTIVE_USER_IDLE_TIMEOUT;
    }

    Duration after() {
        return after;
    }

    /** True when a container idle since {@code lastActivity} should stop now. */
    boolean due(Instant lastActivity) {
        Instant now = clock.instant();
        if (!lastActivity.plus(after).isBefore(now) || now.toEpochMilli() < windowEnd) {
            return false;
        }
        Long until;
        try {
            until = prewarmUntil.get();
        } catch (RuntimeException e) {
            Log.warn("could not read the prewarm window; checking again later", e);
            return false; // stopping on a read error could cut a paid-for window short; the watchdog still decides
        }
        if (until != null && now.toEpochMilli() < until) {
            windowEnd = until;
            return false;
        }
        return true;
    }
}
