package io.github.serverlessopenclaw.plugin.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import io.github.serverlessopenclaw.plugin.state.TaskStateRow;
import io.github.serverlessopenclaw.plugin.status.DeploymentStatus.Container;
import io.github.serverlessopenclaw.plugin.status.DeploymentStatus.StackState;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The status goal's report over a deployment seeded on moto (see {@link SeededDeployment} for what is real). */
@ExtendWith(MotoExtension.class)
class DeploymentStatusMotoTest {
    private final Moto moto;

    DeploymentStatusMotoTest(Moto moto) {
        this.moto = moto;
    }

    @AfterAll
    static void restoreMoto() {
        SeededDeployment.restoreTaskTransitions(Moto.get().endpoint());
    }

    private DeploymentStatus.Report status(AppNames names) {
        try (CloudFormationClient cf = moto.client(CloudFormationClient.builder());
                DynamoDbClient dynamo = moto.client(DynamoDbClient.builder());
                EcsClient ecs = moto.client(EcsClient.builder());
                SecretsService secrets = new SecretsService(
                        new AwsClients(AwsSettings.of(
                                "us-east-1", null, moto.endpoint().toString())),
                        names)) {
            return new DeploymentStatus(names, cf, dynamo, ecs, secrets::presentSecrets, Clock.systemUTC()).read();
        }
    }

    @Test
    void reportsEveryPartOfASeededDeploymentWithoutReadingSecretValues() {
        try (SeededDeployment deployment = new SeededDeployment(moto.endpoint(), "status-full").seed();
                SsmClient ssm = moto.client(SsmClient.builder())) {
            AppNames names = deployment.names();
            ssm.putParameter(b -> b.name(names.secretParameter("openclaw-gateway-token"))
                    .type(ParameterType.SECURE_STRING)
                    .value("s3cr3t-bridge"));
            ssm.putParameter(b -> b.name(names.secretParameter("anthropic-api-key"))
                    .type(ParameterType.SECURE_STRING)
                    .value("s3cr3t-key"));
            ssm.putParameter(b -> b.name("/other-app/secrets/anthropic-api-key")
                    .type(ParameterType.SECURE_STRING)
                    .value("x"));
            String alice = deployment.runTask("alice");
            deployment.putRow("alice", "Running", alice, Instant.now().minus(Duration.ofMinutes(42)));
            String orphan = deployment.runTask("telegram:9");
            deployment.putRow("bob", "Starting", null, Instant.now());
            deployment.putPendingMessage("bob", 1);
            deployment.putPendingMessage("bob", 2);
            deployment.putPendingMessage("carol", 3);
            int marker = moto.recordedRequests().size();

            DeploymentStatus.Report report = status(names);

            assertThat(report.stacks())
                    .extracting(StackState::name, StackState::status)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple("status-full-Compute", "CREATE_COMPLETE"),
                            org.assertj.core.groups.Tuple.tuple("status-full-Network", "not deployed"));
            assertThat(report.endpoints())
                    .containsEntry(
                            OutputKey.HttpApiEndpoint,
                            Optional.of("https://abc123.execute-api.us-east-1.amazonaws.com"))
                    .containsEntry(OutputKey.WebAppUrl, Optional.of("https://d111111abcdef8.cloudfront.net"));
            assertThat(report.taskDefinition()).contains("status-full:1");
            assertThat(report.image()).contains("openclaw@" + SeededDeployment.IMAGE_DIGEST);
            assertThat(report.secrets()).containsExactly("anthropic-api-key", "openclaw-gateway-token");
            assertThat(report.containers())
                    .get()
                    .asList()
                    .extracting(c -> ((Container) c).user())
                    .containsExactlyInAnyOrder("alice", "telegram:9");
            assertThat(report.containers().get())
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo("RUNNING"));
            assertThat(report.rows())
                    .get()
                    .asList()
                    .extracting(r -> ((TaskStateRow) r).userId())
                    .containsExactly("alice", "bob");
            assertThat(report.pendingMessages()).contains(3L);

            List<String> lines = report.lines();
            assertThat(lines)
                    .anySatisfy(l ->
                            assertThat(l).contains("alice").contains("Running").contains("42m"));
            assertThat(lines).contains("Pending messages: 3", "  anthropic-api-key, openclaw-gateway-token");
            assertThat(String.join("\n", lines)).doesNotContain("s3cr3t");
            assertThat(moto.recordedRequests()
                            .subList(marker, moto.recordedRequests().size()))
                    .noneMatch(r -> r.operation().startsWith("GetParameter"))
                    .noneMatch(Moto.RecordedRequest::isWrite);
            assertThat(orphan).isNotBlank();
        }
    }

    @Test
    void saysWhatIsNotDeployed() {
        DeploymentStatus.Report report = status(new AppNames("never-deployed"));

        assertThat(report.stacks()).allSatisfy(s -> assertThat(s.status()).isEqualTo("not deployed"));
        assertThat(report.endpoints().values()).allMatch(Optional::isEmpty);
        assertThat(report.image()).isEmpty();
        assertThat(report.containers()).isEmpty();
        assertThat(report.rows()).isEmpty();
        assertThat(report.pendingMessages()).isEmpty();
        assertThat(report.lines())
                .contains(
                        "  WebAppUrl             (not deployed)",
                        "  (cluster not deployed)",
                        "  (table not deployed)",
                        "Pending messages: (table not deployed)",
                        "  (none: run openclaw:secrets)");
    }
}
