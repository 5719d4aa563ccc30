package io.github.serverlessopenclaw.plugin.state;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.util.Optional;

/**
 * What {@code reset-state} should do. {@code all}: stop the tasks and clear the rows whatever their health
 * (tasks first, then rows, so no container is orphaned). {@code user}: only that user's row and task (a
 * Cognito sub or {@code telegram:<id>}). {@code dryRun}: decide and report, change nothing.
 */
public record ResetRequest(boolean all, Optional<String> user, boolean dryRun) {

    public ResetRequest {
        user = user.map(String::trim).filter(u -> !u.isEmpty());
        user.ifPresent(u -> {
            if (u.startsWith(Constants.USER_PREFIX)) {
                throw new IllegalArgumentException(PropertyNames.USER + " '" + u + "' must be the user id without the "
                        + Constants.USER_PREFIX + " prefix, e.g. " + PropertyNames.flag(PropertyNames.USER) + "="
                        + u.substring(Constants.USER_PREFIX.length()));
            }
        });
    }

    public static ResetRequest reconcile() {
        return new ResetRequest(false, Optional.empty(), false);
    }
}
