package io.github.serverlessopenclaw.plugin.status;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Handler;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a deployment used in a window, read from what it already writes: each container's log stream spans the
 * hours it ran (first to last event), each Lambda invocation ends with a {@code REPORT} line carrying its billed
 * duration and memory, and the requests of the API-fronted functions are the API Gateway requests. No metric
 * API and no Cost Explorer: the operator's read of the logs is enough.
 */
public final class UsageReader {
    /** The functions API Gateway invokes: one request (or WebSocket message) each. */
    static final Set<Handler> API_FRONTED = EnumSet.of(
            Handler.WS_CONNECT, Handler.WS_DISCONNECT, Handler.WS_MESSAGE, Handler.TELEGRAM_WEBHOOK, Handler.API);

    private static final Pattern REPORT = Pattern.compile("Billed Duration: (\\d+) ms\\s+Memory Size: (\\d+) MB");

    private final CloudWatchLogsClient logs;
    private final AppNames names;

    public UsageReader(CloudWatchLogsClient logs, AppNames names) {
        this.logs = logs;
        this.names = names;
    }

    /** The usage of {@code [now - window, now)}, plus the stored log bytes and the given S3 bytes. */
    public CostEstimate.Usage read(Instant now, Duration window, long s3Bytes) {
        Instant since = now.minus(window);
        double containerHours = 0;
        try {
            for (LogStream stream : logs.describeLogStreamsPaginator(b -> b.logGroupName(names.containerLogGroup())
                            .orderBy(OrderBy.LAST_EVENT_TIME)
                            .descending(true))
                    .logStreams()) {
                if (stream.lastEventTimestamp() == null || stream.lastEventTimestamp() < since.toEpochMilli()) {
                    break; // ordered by last event: every later stream ended before the window
                }
                long first = Math.max(
                        Optional.ofNullable(stream.firstEventTimestamp()).orElse(since.toEpochMilli()),
                        since.toEpochMilli());
                containerHours += Math.max(0, stream.lastEventTimestamp() - first) / 3_600_000.0;
            }
        } catch (ResourceNotFoundException e) {
            // no container ran yet
        }
        long requests = 0;
        long apiRequests = 0;
        double gbSeconds = 0;
        for (Handler handler : Handler.values()) {
            try {
                for (FilteredLogEvent event : logs.filterLogEventsPaginator(
                                b -> b.logGroupName(names.functionLogGroup(handler.suffix()))
                                        .startTime(since.toEpochMilli())
                                        .endTime(now.toEpochMilli())
                                        .filterPattern("REPORT"))
                        .events()) {
                    Matcher m = REPORT.matcher(event.message());
                    if (!event.message().startsWith("REPORT") || !m.find()) {
                        continue;
                    }
                    requests++;
                    apiRequests += API_FRONTED.contains(handler) ? 1 : 0;
                    gbSeconds += Long.parseLong(m.group(1)) / 1000.0 * Long.parseLong(m.group(2)) / 1024.0;
                }
            } catch (ResourceNotFoundException e) {
                // the function is not deployed
            }
        }
        long logBytes = logs
                        .describeLogGroupsPaginator(b -> b.logGroupNamePrefix("/aws/lambda/" + names.appName() + "-"))
                        .logGroups()
                        .stream()
                        .mapToLong(g -> Optional.ofNullable(g.storedBytes()).orElse(0L))
                        .sum()
                + logs
                        .describeLogGroupsPaginator(b -> b.logGroupNamePrefix(names.containerLogGroup()))
                        .logGroups()
                        .stream()
                        .filter(g -> g.logGroupName().equals(names.containerLogGroup()))
                        .mapToLong(g -> Optional.ofNullable(g.storedBytes()).orElse(0L))
                        .sum();
        return new CostEstimate.Usage(
                window.toHours() / 24.0, containerHours, requests, gbSeconds, apiRequests, s3Bytes, logBytes);
    }

    /**
     * The task definition's size and architecture; Spot when the cluster's default capacity provider is FARGATE_SPOT.
     * Empty when the definition names no task size (AWS requires one for Fargate; moto's CloudFormation drops it).
     */
    public static Optional<CostEstimate.Fargate> fargate(EcsClient ecs, AppNames names) {
        boolean spot = ecs.describeClusters(b -> b.clusters(names.cluster())).clusters().stream()
                .flatMap(c -> c.defaultCapacityProviderStrategy().stream())
                .anyMatch(s -> "FARGATE_SPOT".equals(s.capacityProvider()));
        TaskDefinition definition = ecs.describeTaskDefinition(b -> b.taskDefinition(names.taskFamily()))
                .taskDefinition();
        boolean arm = definition.runtimePlatform() != null
                && "ARM64".equals(definition.runtimePlatform().cpuArchitectureAsString());
        if (definition.cpu() == null || definition.memory() == null) {
            return Optional.empty();
        }
        return Optional.of(new CostEstimate.Fargate(
                Double.parseDouble(definition.cpu()) / 1024,
                Double.parseDouble(definition.memory()) / 1024,
                arm,
                spot));
    }

    /** The bytes of a bucket (all pages); 0 when it does not exist. */
    public static long bucketBytes(S3Client s3, String bucket) {
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .mapToLong(o -> o.size())
                    .sum();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            return 0;
        }
    }
}
