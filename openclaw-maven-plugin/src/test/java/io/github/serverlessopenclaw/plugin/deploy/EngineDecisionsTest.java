package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The engine's pure decisions: skip-unchanged, change-set results, stack states, root causes, throttling. */
class EngineDecisionsTest {
    private static final String TEMPLATE = """
            {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}},
             "Parameters": {
               "BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/openclaw/version"},
               "Size": {"Type": "Number", "Default": "1"}}}""";
    private static final Function<String, Optional<String>> SSM =
            name -> name.equals("/cdk-bootstrap/openclaw/version") ? Optional.of("32") : Optional.empty();

    private static Stack deployed(
            String bootstrapValue, String bootstrapResolved, String size, Map<String, String> tags) {
        return Stack.builder()
                .parameters(
                        Parameter.builder()
                                .parameterKey("BootstrapVersion")
                                .parameterValue(bootstrapValue)
                                .resolvedValue(bootstrapResolved)
                                .build(),
                        Parameter.builder()
                                .parameterKey("Size")
                                .parameterValue(size)
                                .build())
                .tags(tags.entrySet().stream()
                        .map(e -> Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())
                .enableTerminationProtection(false)
                .build();
    }

    private static Optional<String> reason(
            String deployedTemplate, Map<String, String> parameters, Map<String, String> tags, Stack stack) {
        return SkipCheck.reasonToDeploy(TEMPLATE, deployedTemplate, parameters, tags, List.of(), false, stack, SSM);
    }

    @Test
    void anIdenticalStackIsSkippedWhateverTheWhitespace() {
        String reformatted = TEMPLATE.replace("\n", "").replace(" ", "");
        // AWS shows the SSM path with ResolvedValue; moto shows the resolved value itself: both count as unchanged
        assertThat(reason(
                        reformatted,
                        Map.of(),
                        Map.of("team", "a"),
                        deployed("/cdk-bootstrap/openclaw/version", "32", "1", Map.of("team", "a"))))
                .isEmpty();
        assertThat(reason(TEMPLATE, Map.of(), Map.of(), deployed("32", null, "1", Map.of())))
                .isEmpty();
    }

    @Test
    void eachKindOfChangeIsAReasonToDeploy() {
        Stack same = deployed("/cdk-bootstrap/openclaw/version", "32", "1", Map.of());
        assertThat(reason(TEMPLATE.replace("SQS::Queue", "SNS::Topic"), Map.of(), Map.of(), same))
                .contains("template changed");
        assertThat(reason("not json", Map.of(), Map.of(), same)).contains("template changed");
        assertThat(reason(TEMPLATE, Map.of("Size", "2"), Map.of(), same)).contains("parameter Size changed");
        assertThat(reason(TEMPLATE, Map.of(), Map.of("team", "b"), same)).contains("tags changed");
        assertThat(reason(
                        TEMPLATE, Map.of(), Map.of(), deployed("/cdk-bootstrap/openclaw/version", "31", "1", Map.of())))
                .get()
                .asString()
                .contains("SSM parameter /cdk-bootstrap/openclaw/version");
        assertThat(SkipCheck.reasonToDeploy(TEMPLATE, TEMPLATE, Map.of(), Map.of(), List.of(), true, same, SSM))
                .contains("termination protection changed");
        assertThat(SkipCheck.reasonToDeploy(
                        TEMPLATE, TEMPLATE, Map.of(), Map.of(), List.of("arn:aws:sns:us-east-1:1:t"), false, same, SSM))
                .contains("notification ARNs changed");
    }

    @Test
    void changeSetResultsAreReadLikeTheCdkCliReadsThem() {
        assertThat(ChangeSetOutcome.of("CREATE_IN_PROGRESS", null)).isEqualTo(ChangeSetOutcome.PENDING);
        assertThat(ChangeSetOutcome.of("CREATE_PENDING", null)).isEqualTo(ChangeSetOutcome.PENDING);
        assertThat(ChangeSetOutcome.of("CREATE_COMPLETE", null)).isEqualTo(ChangeSetOutcome.READY);
        assertThat(
                        ChangeSetOutcome.of(
                                "FAILED",
                                "The submitted information didn't contain changes. Submit different information to create a change set."))
                .isEqualTo(ChangeSetOutcome.EMPTY);
        assertThat(ChangeSetOutcome.of("FAILED", "No updates are to be performed."))
                .isEqualTo(ChangeSetOutcome.EMPTY);
        assertThat(ChangeSetOutcome.of("FAILED", "Template format error: Unresolved resource dependencies [X]"))
                .isEqualTo(ChangeSetOutcome.FAILED);
    }

    @Test
    void stackStatusesMapToWhatTheDeployerDoes() {
        assertThat(StackState.of("ROLLBACK_COMPLETE")).isEqualTo(StackState.FAILED_CREATE);
        assertThat(StackState.of("ROLLBACK_FAILED")).isEqualTo(StackState.FAILED_CREATE);
        assertThat(StackState.of("REVIEW_IN_PROGRESS")).isEqualTo(StackState.REVIEW);
        assertThat(StackState.of("UPDATE_ROLLBACK_COMPLETE")).isEqualTo(StackState.STABLE);
        assertThat(StackState.of("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")).isEqualTo(StackState.IN_PROGRESS);
        assertThat(StackState.of("UPDATE_ROLLBACK_FAILED")).isEqualTo(StackState.BROKEN);
        assertThat(StackState.of("DELETE_COMPLETE")).isEqualTo(StackState.ABSENT);
        assertThat(StackState.isSuccess("UPDATE_ROLLBACK_COMPLETE")).isFalse();
        assertThat(StackState.isTerminal("UPDATE_ROLLBACK_COMPLETE")).isTrue();
    }

    /** An error answer of CloudFormation's query API (HTTP 400 with its code). */
    private static CloudFormationException error(String code, String message) {
        return (CloudFormationException) CloudFormationException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .statusCode(400)
                .build();
    }

    private static StackEvent event(int second, String id, String type, String status, String reason) {
        return StackEvent.builder()
                .eventId(id + second)
                .timestamp(Instant.ofEpochSecond(second))
                .logicalResourceId(id)
                .resourceType(type)
                .resourceStatus(status)
                .resourceStatusReason(reason)
                .build();
    }

    @Test
    void theRootCauseIsTheFirstRealResourceFailure() {
        List<StackEvent> events = List.of(
                event(
                        5,
                        "Stack",
                        "AWS::CloudFormation::Stack",
                        "ROLLBACK_IN_PROGRESS",
                        "The following resource(s) failed to create: [Table, Fn]."),
                event(4, "Fn", "AWS::Lambda::Function", "CREATE_FAILED", "Resource creation cancelled"),
                event(3, "Table", "AWS::DynamoDB::Table", "CREATE_FAILED", "Table already exists: app-tasks"),
                event(2, "Table", "AWS::DynamoDB::Table", "CREATE_IN_PROGRESS", null),
                event(1, "Stack", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"));

        assertThat(FailureSummary.describe("app", events, "rollback"))
                .isEqualTo("Table (AWS::DynamoDB::Table) CREATE_FAILED: Table already exists: app-tasks");
        assertThat(FailureSummary.describe("app", List.of(), "Stack-level reason"))
                .isEqualTo("Stack-level reason");
    }

    @Test
    void throttlingIsRecognisedAndBackedOffWithJitter() {
        CloudFormationException throttled = error("Throttling", "Rate exceeded");
        CloudFormationException validation = error("ValidationError", "Stack x does not exist");
        assertThat(Poller.isThrottling(throttled)).isTrue();
        assertThat(Poller.isThrottling(validation)).isFalse();
        for (int i = 0; i < 50; i++) {
            assertThat(Poller.nextInterval().toMillis()).isBetween(1000L, 1999L);
        }
        assertThat(Poller.backoff(1).toMillis()).isBetween(2000L, 2999L);
        assertThat(Poller.backoff(2).toMillis()).isBetween(4000L, 4999L);
        assertThat(Poller.backoff(10).toMillis()).isBetween(20000L, 20999L);
    }

    @Test
    void aThrottledPollIsRetriedUntilItAnswers() {
        CloudFormationException throttled = error("Throttling", "Rate exceeded");
        int[] calls = {0};
        long started = System.nanoTime();
        String result = new Poller(java.time.Duration.ofSeconds(30)).until("a stack", () -> {
            if (calls[0]++ == 0) {
                throw throttled;
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls[0]).isEqualTo(2);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(2_000_000_000L); // waited the back-off
    }

    @Test
    void changeSetNamesAreUniquePerStackAndRunAndValid() {
        StackDeployer deployer =
                new StackDeployer(null, DeployOptions.defaults(), new DeployLogs.Collecting(), "20261129-ab12");
        assertThat(deployer.changeSetName("app-Api"))
                .isEqualTo("openclaw-app-Api-20261129-ab12")
                .matches("[A-Za-z][-A-Za-z0-9]*");
        assertThat(deployer.changeSetName("x".repeat(200))).hasSize(128);
        assertThat(StackDeployer.httpsUrl(
                        "s3://cdk-openclaw-assets-1-eu-west-1/abc.json",
                        io.github.serverlessopenclaw.plugin.assembly.Placeholders.of("1", "eu-west-1")))
                .isEqualTo("https://s3.eu-west-1.amazonaws.com/cdk-openclaw-assets-1-eu-west-1/abc.json");
    }
}
