package io.github.serverlessopenclaw.plugin.logs;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The deployment's logs in one time-ordered list: the containers' log group and each Lambda function's, read with
 * FilterLogEvents (all pages). {@link #follow} polls for new events (the same call, from the last event seen,
 * with an overlap because CloudWatch can ingest an event after a later one; events already shown are skipped by
 * id). StartLiveTail would stream instead, but it needs an HTTP/2 event stream client the plugin does not carry.
 */
public final class DeploymentLogs {
    /** The name that selects the containers' logs (the Lambdas are selected by their handler names). */
    public static final String CONTAINER = "container";

    static final Duration OVERLAP = Duration.ofSeconds(30);
    public static final Duration FOLLOW_EVERY = Duration.ofSeconds(2);

    /** One log group to read, optionally only some streams of it or only the events matching a pattern. */
    public record Source(String label, String logGroup, List<String> streams, Optional<String> filterPattern) {}

    /** One event, labelled with where it came from. */
    public record Line(Instant time, String source, String stream, String message, String eventId) {
        public String text() {
            return time + " " + String.format("%-16s", source) + " " + message.stripTrailing();
        }
    }

    private final CloudWatchLogsClient logs;

    public DeploymentLogs(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    /** Every source name {@code openclaw.function} accepts. */
    public static List<String> sourceNames() {
        List<String> names = new ArrayList<>();
        names.add(CONTAINER);
        Arrays.stream(Handler.values()).map(Handler::suffix).forEach(names::add);
        return names;
    }

    /**
     * The sources named (all when none): the container group and the Lambda groups. With a user: the container
     * streams of the user's tasks, and the Lambda events that name the user's id.
     */
    public static List<Source> sources(
            AppNames names, List<String> selected, Optional<String> userId, List<String> userTaskIds) {
        List<String> known = sourceNames();
        for (String name : selected) {
            if (!known.contains(name)) {
                throw new ConfigurationException("openclaw.function: there is no log source '" + name
                        + "'; use one or more of " + String.join(",", known));
            }
        }
        List<Source> sources = new ArrayList<>();
        for (String name : selected.isEmpty() ? known : selected) {
            if (name.equals(CONTAINER)) {
                if (userId.isPresent() && userTaskIds.isEmpty()) {
                    continue; // the user has no container on record
                }
                sources.add(new Source(
                        CONTAINER,
                        names.containerLogGroup(),
                        userTaskIds.stream()
                                .map(DeploymentLogs::containerStream)
                                .toList(),
                        Optional.empty()));
            } else {
                sources.add(
                        new Source(name, names.functionLogGroup(name), List.of(), userId.map(id -> "\"" + id + "\"")));
            }
        }
        return sources;
    }

    /** The awslogs driver's stream name: {@code prefix/container-name/task-id} (the Compute stack's prefix). */
    public static String containerStream(String taskId) {
        return Constants.CONTAINER_NAME + "/" + Constants.CONTAINER_NAME + "/" + taskId;
    }

    /** The events of {@code [from, to)}, oldest first; a group that does not exist (yet) is left out. */
    public List<Line> read(List<Source> sources, Instant from, Instant to) {
        List<Line> lines = new ArrayList<>();
        for (Source source : sources) {
            FilterLogEventsRequest.Builder request = FilterLogEventsRequest.builder()
                    .logGroupName(source.logGroup())
                    .startTime(from.toEpochMilli())
                    .endTime(to.toEpochMilli() - 1);
            if (!source.streams().isEmpty()) {
                request.logStreamNames(source.streams());
            }
            source.filterPattern().ifPresent(request::filterPattern);
            try {
                for (FilteredLogEvent event :
                        logs.filterLogEventsPaginator(request.build()).events()) {
                    lines.add(new Line(
                            Instant.ofEpochMilli(event.timestamp()),
                            source.label(),
                            event.logStreamName(),
                            event.message(),
                            event.eventId()));
                }
            } catch (ResourceNotFoundException e) {
                // a function never deployed, or a container that never ran: nothing to show
            }
        }
        lines.sort(Comparator.comparing(Line::time));
        return lines;
    }

    /** Clock and pause of {@link #follow}, replaced in tests. */
    public interface Ticker {
        Instant now();

        void pause(Duration duration);
    }

    /**
     * Shows the events since {@code from}, then polls every {@code every} for new ones while {@code more} says so;
     * each event is shown once, in time order per poll.
     */
    public void follow(
            List<Source> sources,
            Instant from,
            Duration every,
            Ticker ticker,
            BooleanSupplier more,
            Consumer<Line> out) {
        Map<String, Instant> shown = new HashMap<>();
        Instant since = from;
        while (true) {
            Instant now = ticker.now();
            for (Line line : read(sources, since, now.plusMillis(1))) {
                if (shown.putIfAbsent(line.eventId(), line.time()) == null) {
                    out.accept(line);
                }
            }
            Instant latest =
                    shown.values().stream().max(Comparator.naturalOrder()).orElse(since);
            since = latest.minus(OVERLAP).isAfter(from) ? latest.minus(OVERLAP) : from;
            Instant forget = since;
            shown.values().removeIf(time -> time.isBefore(forget)); // older ones cannot come back
            if (!more.getAsBoolean()) {
                return;
            }
            ticker.pause(every);
        }
    }
}
