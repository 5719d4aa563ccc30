package io.github.serverlessopenclaw.plugin.pipeline;

import java.time.Duration;

/**
 * What one step of {@code deploy} did.
 *
 * @param summary one line for the user ("2 stacks updated, 5 unchanged")
 * @param wrote   whether it changed anything in the account or the registry (local files do not count)
 */
public record StepResult(String name, String summary, Duration duration, boolean wrote) {

    /** {@code 1.2 s}: steps are short, and a tenth of a second is what a user compares between runs. */
    public String seconds() {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
