package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Failures against moto with the project's extension (scripts/moto/openclaw_moto/models.py), which gives
 * moto what AWS does and moto lacks: per-resource events, and ROLLBACK_COMPLETE after a failed create
 * instead of an error on the request. A failing resource is an SSM parameter with an empty value, which
 * moto rejects like AWS. Stacks here have no roles and no assets, so no bootstrap is needed.
 */
@ExtendWith(MotoExtension.class)
class FailureAndRecoveryMotoTest {
    private static final String BROKEN = """
            {"Resources": {
              "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "recovery-queue"}},
              "Setting": {"Type": "AWS::SSM::Parameter", "DependsOn": "Queue", "Properties": {"Name": "/recovery/setting", "Type": "String", "Value": ""}}},
             "Outputs": {"QueueUrl": {"Value": {"Ref": "Queue"}}}}""";

    @TempDir
    Path dir;

    private final Moto moto;
    private final DeployLogs.Collecting log = new DeployLogs.Collecting();

    FailureAndRecoveryMotoTest(Moto moto) {
        this.moto = moto;
    }

    private Path assembly(String stackName, String template) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), """
                {"version": "54.0.0", "artifacts": {"S": {"type": "aws:cloudformation:stack",
                  "environment": "aws://unknown-account/unknown-region",
                  "properties": {"templateFile": "S.template.json", "stackName": "%s"}}}}""".formatted(stackName));
        Files.writeString(dir.resolve("S.template.json"), template);
        return dir;
    }

    @Test
    void aFailedCreateIsSummarisedThenDeletedAndCreatedAgain() throws Exception {
        Deployer deployer = new Deployer(MotoAws.clients(moto), log);

        DeployReport failed = deployer.deploy(assembly("recovery", BROKEN), DeployOptions.defaults());

        assertThat(failed.succeeded()).isFalse();
        StackResult result = failed.firstFailure().orElseThrow();
        assertThat(result.detail())
                .startsWith("ROLLBACK_COMPLETE: Setting (AWS::SSM::Parameter) CREATE_FAILED: ")
                .contains("Value ''");
        assertThat(failed.table())
                .anySatisfy(l -> assertThat(l).startsWith("recovery failed: ROLLBACK_COMPLETE: Setting"));
        CloudFormationClient cf = moto.client(CloudFormationClient.builder());
        assertThat(cf.describeStacks(b -> b.stackName("recovery"))
                        .stacks()
                        .get(0)
                        .stackStatusAsString())
                .isEqualTo("ROLLBACK_COMPLETE");
        assertThat(log.lines())
                .anySatisfy(l -> assertThat(l).contains("CREATE_FAILED").contains("Setting (AWS::SSM::Parameter)"));

        DeployReport fixed = deployer.deploy(
                assembly("recovery", BROKEN.replace("\"Value\": \"\"", "\"Value\": \"on\"")), DeployOptions.defaults());

        assertThat(fixed.succeeded()).as(String.join("\n", log.lines())).isTrue();
        assertThat(fixed.stacks())
                .singleElement()
                .satisfies(s -> assertThat(s.outcome()).isEqualTo(StackResult.Outcome.CREATED));
        assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("ROLLBACK_COMPLETE from an earlier create"));
        assertThat(fixed.outputs().get("recovery").get("QueueUrl")).endsWith("/recovery-queue");
        assertThat(moto.client(SsmClient.builder())
                        .getParameter(b -> b.name("/recovery/setting"))
                        .parameter()
                        .value())
                .isEqualTo("on");
    }

    /** moto does not restore resources on rollback, so only the report and the final status are checked. */
    @Test
    void aFailedUpdateIsReportedWithItsCause() throws Exception {
        Deployer deployer = new Deployer(MotoAws.clients(moto), log);
        String good = BROKEN.replace("\"Value\": \"\"", "\"Value\": \"v1\"");
        assertThat(deployer.deploy(assembly("update-fails", good), DeployOptions.defaults())
                        .succeeded())
                .isTrue();

        DeployReport failed = deployer.deploy(
                assembly("update-fails", good.replace("\"Value\": \"v1\"", "\"Value\": \"\"")),
                DeployOptions.defaults().withMethod(DeployMethod.DIRECT));

        assertThat(failed.firstFailure().orElseThrow().detail())
                .startsWith(
                        "UPDATE_ROLLBACK_COMPLETE: Setting (AWS::SSM::Parameter) UPDATE_FAILED: ValidationException");
        assertThat(StackState.of(moto.client(CloudFormationClient.builder())
                        .describeStacks(b -> b.stackName("update-fails"))
                        .stacks()
                        .get(0)
                        .stackStatusAsString()))
                .isEqualTo(StackState.STABLE);
    }

    @Test
    void theProductsExtraResourceTypesDeployWithEveryAttributeResolved() throws Exception {
        Path template = Path.of("src/test/resources/moto-extension/extended-types.template.json");
        DeployReport report = new Deployer(MotoAws.clients(moto), log)
                .deploy(assembly("extended-types", Files.readString(template)), DeployOptions.defaults());

        assertThat(report.succeeded()).as(String.join("\n", log.lines())).isTrue();
        var outputs = report.outputs().get("extended-types");
        assertThat(outputs)
                .containsOnlyKeys(
                        "UserPoolId",
                        "UserPoolArn",
                        "UserPoolProviderUrl",
                        "UserPoolClientId",
                        "FunctionVersion",
                        "FunctionAliasArn",
                        "HttpApiId",
                        "HttpApiEndpoint",
                        "HttpAuthorizerId",
                        "HttpRouteId",
                        "WebSocketUrl",
                        "DistributionId",
                        "DistributionDomainName",
                        "OriginAccessControlId",
                        "SiteBucketPolicy",
                        "ClusterProviders");
        assertThat(outputs.get("UserPoolArn")).endsWith(":userpool/" + outputs.get("UserPoolId"));
        assertThat(outputs.get("UserPoolProviderUrl"))
                .isEqualTo("https://cognito-idp.us-east-1.amazonaws.com/" + outputs.get("UserPoolId"));
        assertThat(outputs.get("FunctionVersion")).isEqualTo("1");
        assertThat(outputs.get("FunctionAliasArn")).endsWith(":live");
        assertThat(outputs.get("HttpApiEndpoint"))
                .isEqualTo("https://" + outputs.get("HttpApiId") + ".execute-api.us-east-1.amazonaws.com");
        assertThat(outputs.get("WebSocketUrl")).endsWith("/prod").doesNotContain("None");
        assertThat(outputs.get("DistributionDomainName")).endsWith(".cloudfront.net");
        assertThat(outputs.values()).allSatisfy(v -> assertThat(v).isNotBlank().doesNotContain("None"));
        // a per-resource event for each of the 22 resources
        List<String> completes = log.lines().stream()
                .filter(l -> l.contains("| CREATE_COMPLETE") && !l.contains("AWS::CloudFormation::Stack"))
                .toList();
        assertThat(completes).hasSize(22);
    }
}
