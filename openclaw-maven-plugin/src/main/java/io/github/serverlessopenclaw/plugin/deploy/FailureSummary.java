package io.github.serverlessopenclaw.plugin.deploy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * The root cause of a failed stack operation: the first resource that failed (oldest event), skipping
 * the follow-up failures CloudFormation reports as "Resource creation cancelled" or "cancelled".
 */
public final class FailureSummary {
    private FailureSummary() {}

    public static Optional<StackEvent> rootCause(List<StackEvent> events) {
        return events.stream()
                .filter(e -> e.resourceStatusAsString() != null
                        && e.resourceStatusAsString().endsWith("_FAILED"))
                .filter(e -> !isCancellation(e.resourceStatusReason()))
                .filter(e -> !"AWS::CloudFormation::Stack".equals(e.resourceType())
                        || !isStackRollup(e.resourceStatusReason()))
                .min(Comparator.comparing(StackEvent::timestamp));
    }

    /** One line: {@code Queue (AWS::SQS::Queue) CREATE_FAILED: reason}, or the stack's own reason. */
    public static String describe(String stackName, List<StackEvent> events, String fallbackReason) {
        return rootCause(events)
                .map(e -> e.logicalResourceId() + " (" + e.resourceType() + ") " + e.resourceStatusAsString() + ": "
                        + e.resourceStatusReason())
                .orElse(
                        fallbackReason == null || fallbackReason.isBlank()
                                ? stackName + " failed without a reason"
                                : fallbackReason);
    }

    private static boolean isCancellation(String reason) {
        return reason != null && reason.toLowerCase().contains("cancelled");
    }

    /** Stack-level failures that only point at the resource failures ("The following resource(s) failed…"). */
    private static boolean isStackRollup(String reason) {
        return reason != null && reason.startsWith("The following resource(s) failed");
    }
}
