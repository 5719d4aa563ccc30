package io.github.serverlessopenclaw.plugin.pipeline;

import io.github.serverlessopenclaw.plugin.report.Durations;
import java.time.Duration;

/**
 * What one step of {@code deploy} did.
 *
 * @param summary one line for the user ("2 stacks updated, 5 unchanged")
 * @param wrote   whether it changed anything in the account or the registry (local files do not count)
 */
public record StepResult(String name, String summary, Duration duration, boolean wrote) {

    public String seconds() {
        return Durations.seconds(duration);
    }
}
