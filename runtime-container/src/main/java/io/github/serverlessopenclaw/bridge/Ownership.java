package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Log;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Whose container this is: the {@code USER_ID} it was started for, or, for a prewarmed one
 * ({@code USER_ID=system:prewarm}), the first user whose TaskState row names this task (the Lambda moved the
 * prewarm row there in one transaction). Only the owner's messages are answered.
 */
final class Ownership {
    private final AtomicReference<String> owner = new AtomicReference<>();
    private final boolean prewarmed;
    private final Set<String> served = ConcurrentHashMap.newKeySet();

    Ownership(String startedFor) {
        this.prewarmed = Constants.PREWARM_USER_ID.equals(startedFor);
        if (!prewarmed) {
            owner.set(startedFor);
        }
    }

    boolean prewarmed() {
        return prewarmed;
    }

    /** The owner, or null while a prewarmed container is unclaimed. */
    String owner() {
        return owner.get();
    }

    /** Every user whose message this container took (their TaskState rows are released at stop). */
    Set<String> served() {
        return served;
    }

    /**
     * True for a message of the owner. The first message of an unclaimed prewarmed container claims it when
     * {@code state} (null before the row is written) names this task; {@code onClaim} hears the claimer.
     */
    boolean admits(String userId, TaskStateStore state, Consumer<String> onClaim) {
        if (owner.get() == null) {
            if (state != null && !state.namesThisTask(userId)) {
                Log.warn("refused a message for " + userId + ": no claim of this prewarmed container");
                return false;
            }
            if (owner.compareAndSet(null, userId)) {
                onClaim.accept(userId);
            }
        }
        if (!userId.equals(owner.get())) {
            Log.warn("refused a message for " + userId + ": this container belongs to another user");
            return false;
        }
        served.add(userId);
        return true;
    }
}
