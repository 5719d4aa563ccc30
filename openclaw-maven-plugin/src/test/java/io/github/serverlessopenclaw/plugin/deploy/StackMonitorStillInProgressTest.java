package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.plugin.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * A resource that stays in progress is named every 30 s with its elapsed time. Moto completes every resource
 * at once, so a scripted CloudFormation (two calls: the stack's events and its status) plays a CloudFront
 * distribution that takes minutes, and a test clock stands in for the minutes.
 */
class StackMonitorStillInProgressTest {
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private final TestClock clock = new TestClock(START);
    private final List<StackEvent> events = new ArrayList<>(); // newest first, as CloudFormation answers
    private String stackStatus = "CREATE_IN_PROGRESS";
    private final List<String> lines = new ArrayList<>();

    private final CloudFormationClient cloudFormation = new CloudFormationClient() {
        @Override
        public DescribeStackEventsResponse describeStackEvents(DescribeStackEventsRequest request) {
            return DescribeStackEventsResponse.builder().stackEvents(events).build();
        }

        @Override
        public DescribeStacksResponse describeStacks(DescribeStacksRequest request) {
            return DescribeStacksResponse.builder()
                    .stacks(Stack.builder()
                            .stackName("app-Web")
                            .stackStatus(stackStatus)
                            .build())
                    .build();
        }

        @Override
        public String serviceName() {
            return "cloudformation";
        }

        @Override
        public void close() {}
    };

    private void event(String id, String logicalId, String type, String status, Duration at) {
        events.add(
                0,
                StackEvent.builder()
                        .eventId(id)
                        .logicalResourceId(logicalId)
                        .resourceType(type)
                        .resourceStatus(status)
                        .timestamp(START.plus(at))
                        .build());
    }

    @Test
    void aResourceStillInProgressIsNamedEveryIntervalWithItsElapsedTimeUntilItCompletes() {
        DeployLog log = new DeployLog() {
            @Override
            public void info(String line) {
                lines.add(line);
            }

            @Override
            public void warn(String line) {
                lines.add("WARN " + line);
            }
        };
        StackMonitor monitor = new StackMonitor(
                cloudFormation,
                "app-Web",
                new Poller(Duration.ofMinutes(1)),
                log,
                START,
                clock,
                Duration.ofSeconds(30));
        event("1", "app-Web", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", Duration.ZERO);
        event("2", "Bucket", "AWS::S3::Bucket", "CREATE_IN_PROGRESS", Duration.ofSeconds(1));
        event("3", "Distribution", "AWS::CloudFront::Distribution", "CREATE_IN_PROGRESS", Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(monitor.poll("app-Web")).isNull();
        assertThat(lines).hasSize(3);

        event("4", "Bucket", "AWS::S3::Bucket", "CREATE_COMPLETE", Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(29));
        assertThat(monitor.poll("app-Web")).isNull();
        assertThat(lines).hasSize(4).noneMatch(l -> l.contains("still"));

        clock.advance(Duration.ofSeconds(1)); // 30 s since the distribution's event was seen
        monitor.poll("app-Web");
        clock.advance(Duration.ofSeconds(10));
        monitor.poll("app-Web");
        clock.advance(Duration.ofSeconds(20));
        monitor.poll("app-Web");
        List<String> still = lines.stream().filter(l -> l.contains("still")).toList();
        assertThat(still)
                .containsExactly(
                        "  app-Web |   32.0s | CREATE_IN_PROGRESS     | Distribution (AWS::CloudFront::Distribution)  still in progress after 30s",
                        "  app-Web |   62.0s | CREATE_IN_PROGRESS     | Distribution (AWS::CloudFront::Distribution)  still in progress after 1m00s");

        event("5", "Distribution", "AWS::CloudFront::Distribution", "CREATE_COMPLETE", Duration.ofSeconds(63));
        event("6", "app-Web", "AWS::CloudFormation::Stack", "CREATE_COMPLETE", Duration.ofSeconds(64));
        stackStatus = "CREATE_COMPLETE";
        clock.advance(Duration.ofSeconds(60));
        assertThat(monitor.poll("app-Web"))
                .hasValueSatisfying(s -> assertThat(s.stackStatusAsString()).isEqualTo("CREATE_COMPLETE"));
        assertThat(lines.stream().filter(l -> l.contains("still"))).hasSize(2);
    }
}
