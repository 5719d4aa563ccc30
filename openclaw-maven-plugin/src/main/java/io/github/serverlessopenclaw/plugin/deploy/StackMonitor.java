package io.github.serverlessopenclaw.plugin.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Follows one stack operation: polls the stack until its status is terminal and prints each new
 * resource event once, with the time since the operation started. A resource that stays in progress (a
 * CloudFront distribution takes minutes) is named again every {@link #STILL_EVERY} with how long it has
 * been. Keeps the events for the failure summary.
 */
final class StackMonitor {
    static final Duration STILL_EVERY = Duration.ofSeconds(30);

    /** A resource whose last event is *_IN_PROGRESS: since when, and when it was last named. */
    private record InProgress(StackEvent event, Instant since, Instant lastNamed) {}

    private final CloudFormationClient cloudFormation;
    private final String stackName;
    private final Poller poller;
    private final DeployLog log;
    private final Instant started;
    private final Set<String> seen = new HashSet<>();
    private final List<StackEvent> events = new ArrayList<>();
    private final Map<String, InProgress> inProgress = new LinkedHashMap<>();
    private final Clock clock;
    private final Duration stillEvery;

    StackMonitor(CloudFormationClient cloudFormation, String stackName, Poller poller, DeployLog log, Instant started) {
        this(cloudFormation, stackName, poller, log, started, Clock.systemUTC(), STILL_EVERY);
    }

    StackMonitor(
            CloudFormationClient cloudFormation,
            String stackName,
            Poller poller,
            DeployLog log,
            Instant started,
            Clock clock,
            Duration stillEvery) {
        this.cloudFormation = cloudFormation;
        this.stackName = stackName;
        this.poller = poller;
        this.log = log;
        this.started = started;
        this.clock = clock;
        this.stillEvery = stillEvery;
    }

    /** Waits until the stack (by id or name) leaves every *_IN_PROGRESS status; empty when it is gone. */
    Optional<Stack> awaitTerminal(String stackId, String what) {
        return poller.until(what, () -> poll(stackId));
    }

    /** One look: new events, resources still in progress, and the stack when it is terminal (else null). */
    Optional<Stack> poll(String stackId) {
        readEvents(stackId);
        nameLongRunning();
        Optional<Stack> stack = describe(cloudFormation, stackId);
        if (stack.isEmpty()) {
            return Optional.empty();
        }
        String status = stack.get().stackStatusAsString();
        return StackState.isTerminal(status) ? stack : null;
    }

    private void nameLongRunning() {
        Instant now = clock.instant();
        inProgress.replaceAll((id, resource) -> {
            if (Duration.between(resource.lastNamed(), now).compareTo(stillEvery) < 0) {
                return resource;
            }
            StackEvent event = resource.event();
            log.info(String.format(
                    "  %s | %6.1fs | %-22s | %s (%s)  still in progress after %s",
                    stackName,
                    Math.max(0, now.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                    event.resourceStatusAsString(),
                    event.logicalResourceId(),
                    event.resourceType(),
                    minutesSeconds(Duration.between(resource.since(), now))));
            return new InProgress(event, resource.since(), now);
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
                page = cloudFormation.describeStackEvents(
                        b -> b.stackName(stackId).nextToken(next));
            } catch (CloudFormationException e) {
                return; // the stack is gone: nothing more to read
            }
            boolean older = false;
            for (StackEvent event : page.stackEvents()) {
                if (event.timestamp() != null && event.timestamp().isBefore(started.minusSeconds(1))
                        || seen.contains(event.eventId())) {
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
            track(event);
        }
    }

    private static String minutesSeconds(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds < 60 ? seconds + "s" : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }

    /** The stack's own events are not a resource: its status is what {@link #poll} waits for. */
    private void track(StackEvent event) {
        String status = event.resourceStatusAsString();
        if (event.logicalResourceId() == null || event.logicalResourceId().equals(stackName)) {
            return;
        }
        if (status != null && status.endsWith("_IN_PROGRESS")) {
            Instant since = event.timestamp() == null ? clock.instant() : event.timestamp();
            inProgress.put(event.logicalResourceId(), new InProgress(event, since, clock.instant()));
        } else {
            inProgress.remove(event.logicalResourceId());
        }
    }

    private String line(StackEvent event) {
        double seconds =
                (event.timestamp() == null ? 0 : Math.max(0, event.timestamp().toEpochMilli() - started.toEpochMilli()))
                        / 1000.0;
        String reason = event.resourceStatusReason() == null
                        || event.resourceStatusReason().isBlank()
                ? ""
                : "  " + event.resourceStatusReason();
        return String.format(
                "  %s | %6.1fs | %-22s | %s (%s)%s",
                stackName,
                seconds,
                event.resourceStatusAsString(),
                event.logicalResourceId(),
                event.resourceType(),
                reason);
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
