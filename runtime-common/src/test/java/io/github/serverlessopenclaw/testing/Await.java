package io.github.serverlessopenclaw.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way a test waits for something that happens in the background: poll until the condition holds, and
 * fail naming what was awaited (and what was last seen) when it does not within the timeout. Never returns
 * silently on a timeout.
 */
public final class Await {
    static final Duration POLL = Duration.ofMillis(50);

    private Await() {}

    /** Waits until {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        await(() -> condition.getAsBoolean(), Boolean::booleanValue, timeout, what);
    }

    /**
     * Polls {@code value} until {@code done} accepts it and returns that value; after {@code timeout}, an
     * {@link AssertionError} naming {@code what} and the last value seen.
     */
    public static <T> T await(Supplier<T> value, Predicate<? super T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            last = value.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout + " for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
