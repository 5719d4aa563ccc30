package io.github.serverlessopenclaw.plugin.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Follows one stack operation: polls the stack until its status is terminal and prints each new
 * resource event once, with the time since the operation started. Keeps the events for the failure
 * summary.
 */
final class StackMonitor {
    private final CloudFormationClient cloudFormation;
    private final String stackName;
    private final Poller poller;
    private final DeployLog log;
    private final Instant started;
    private final Set<String> seen = new HashSet<>();
    private final List<StackEvent> events = new ArrayList<>();

    StackMonitor(CloudFormationClient cloudFormation, String stackName, Poller poller, DeployLog log, Instant started) {
        this.cloudFormation = cloudFormation;
        this.stackName = stackName;
        this.poller = poller;
        this.log = log;
        this.started = started;
    }

    /** Waits until the stack (by id or name) leaves every *_IN_PROGRESS status; empty when it is gone. */
    Optional<Stack> awaitTerminal(String stackId, String what) {
        return poller.until(what, () -> {
            readEvents(stackId);
            Optional<Stack> stack = describe(cloudFormation, stackId);
            if (stack.isEmpty()) {
                return Optional.<Stack>empty();
            }
            String status = stack.get().stackStatusAsString();
            return StackState.isTerminal(status) ? stack : null;
        });
    }

    List<StackEvent> events() {
        return Collections.unmodifiableList(events);
    }

    private void readEvents(String stackId) {
        List<StackEvent> fresh = new ArrayList<>();
        String token = null;
        do {
            DescribeStackEventsResponse page;
            try {
                String next = token;
                page = cloudFormation.describeStackEvents(b -> b.stackName(stackId).nextToken(next));
            } catch (CloudFormationException e) {
                return; // the stack is gone: nothing more to read
            }
            boolean older = false;
            for (StackEvent event : page.stackEvents()) {
                if (event.timestamp() != null && event.timestamp().isBefore(started.minusSeconds(1)) || seen.contains(event.eventId())) {
                    older = true;
                    break;
                }
                fresh.add(event);
            }
            token = older ? null : page.nextToken();
        } while (token != null);
        Collections.reverse(fresh); // oldest first
        for (StackEvent event : fresh) {
            seen.add(event.eventId());
            events.add(event);
            log.info(line(event));
        }
    }

    private String line(StackEvent event) {
        double seconds = (event.timestamp() == null ? 0 : Math.max(0, event.timestamp().toEpochMilli() - started.toEpochMilli())) / 1000.0;
        String reason = event.resourceStatusReason() == null || event.resourceStatusReason().isBlank() ? ""
                : "  " + event.resourceStatusReason();
        return String.format("  %s | %6.1fs | %-22s | %s (%s)%s", stackName, seconds, event.resourceStatusAsString(),
                event.logicalResourceId(), event.resourceType(), reason);
    }

    /** The stack by name or id; empty when it does not exist (or only as a deleted stack). */
    static Optional<Stack> describe(CloudFormationClient cloudFormation, String nameOrId) {
        try {
            return cloudFormation.describeStacks(b -> b.stackName(nameOrId)).stacks().stream()
                    .filter(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()))
                    .findFirst();
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
