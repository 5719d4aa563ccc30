package io.github.serverlessopenclaw.plugin.deploy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Polls CloudFormation every 1–2 s (random jitter, so parallel stacks do not poll in lock step) and backs
 * off up to 20 s while AWS answers "Rate exceeded"; never the SDK's 30 s waiters. The first poll happens
 * at once, so operations that are already done cost no waiting.
 */
public final class Poller {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    private final Duration timeout;

    public Poller(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Calls {@code poll} until it returns a non-null result, the deadline passes (then fails with
     * {@code what} in the message), or it throws something other than throttling.
     */
    public <T> T until(String what, Supplier<T> poll) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int throttled = 0;
        while (true) {
            try {
                T result = poll.get();
                if (result != null) {
                    return result;
                }
                throttled = 0;
                sleep(nextInterval());
            } catch (SdkException e) {
                if (!isThrottling(e)) {
                    throw e;
                }
                throttled++;
                sleep(backoff(throttled));
            }
            if (System.nanoTime() > deadline) {
                throw new DeployException("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
        }
    }

    static boolean isThrottling(SdkException e) {
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException()) {
                return true;
            }
            String code = service.awsErrorDetails() == null
                    ? ""
                    : service.awsErrorDetails().errorCode();
            return "Throttling".equals(code)
                    || "ThrottlingException".equals(code)
                    || "RequestLimitExceeded".equals(code);
        }
        return e.getMessage() != null && e.getMessage().contains("Rate exceeded");
    }

    /** 1–2 s, uniformly. */
    static Duration nextInterval() {
        return MIN_INTERVAL.plusMillis(ThreadLocalRandom.current().nextLong(1000));
    }

    /** 2, 4, 8, 16, 20, 20… seconds, each with up to 1 s of jitter. */
    static Duration backoff(int attempt) {
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(attempt, 5));
        return Duration.ofSeconds(seconds)
                .plusMillis(ThreadLocalRandom.current().nextLong(1000));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("Interrupted while waiting");
        }
    }
}
