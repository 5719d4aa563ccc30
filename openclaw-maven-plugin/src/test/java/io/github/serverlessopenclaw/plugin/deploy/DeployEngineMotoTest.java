package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The engine against a real moto_server (with the project's CloudFormation extension): bootstrap,
 * deploy of the really synthesized three-stack fixture, no-op redeploy, one changed stack, the direct
 * method, and destroy. One deployment, built up test by test (moto is wiped once per class).
 */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployEngineMotoTest {
    private static final String ASSET_BUCKET = "cdk-openclaw-assets-" + Moto.ACCOUNT + "-" + Moto.REGION.id();

    @TempDir
    static Path work;

    static Path assembly;

    private final Moto moto;
    private final DeployLogs.Collecting log = new DeployLogs.Collecting();

    DeployEngineMotoTest(Moto moto) {
        this.moto = moto;
    }

    @BeforeAll
    static void copyFixture() {
        assembly = MotoAws.copyOfFixture(work.resolve("cdk.out"));
    }

    private Deployer deployer() {
        return new Deployer(MotoAws.clients(moto), log);
    }

    private static Map<String, StackResult.Outcome> outcomes(DeployReport report) {
        return report.stacks().stream().collect(Collectors.toMap(StackResult::stackName, StackResult::outcome));
    }

    @Test
    @Order(1)
    void deployBeforeBootstrapFailsWithTheFix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deployer().deploy(assembly, DeployOptions.defaults()))
                .hasMessageContaining("not bootstrapped")
                .hasMessageContaining("mvn openclaw:bootstrap");
    }

    @Test
    @Order(2)
    void bootstrapTwiceSecondIsANoOp() {
        Bootstrapper bootstrapper = new Bootstrapper(MotoAws.clients(moto), log);
        assertThat(bootstrapper.bootstrap("openclaw", DeployMethod.CHANGE_SET).outcome())
                .isEqualTo(StackResult.Outcome.CREATED);
        SsmClient ssm = moto.client(SsmClient.builder());
        assertThat(ssm.getParameter(b -> b.name("/cdk-bootstrap/openclaw/version"))
                        .parameter()
                        .value())
                .isEqualTo(Integer.toString(Bootstrapper.VERSION));
        CloudFormationClient cf = moto.client(CloudFormationClient.builder());
        assertThat(cf.describeStacks(b -> b.stackName("OpenClawToolkit"))
                        .stacks()
                        .get(0)
                        .outputs())
                .anySatisfy(
                        o -> assertThat(o.outputKey() + "=" + o.outputValue()).isEqualTo("BucketName=" + ASSET_BUCKET));

        MotoAws.resetRecording(moto);
        assertThat(bootstrapper.bootstrap("openclaw", DeployMethod.CHANGE_SET).outcome())
                .isEqualTo(StackResult.Outcome.UNCHANGED);
        assertThat(MotoAws.writes(moto)).as("writes of the second bootstrap").isEmpty();
    }

    @Test
    @Order(3)
    void deploysTheMultiStackAssembly() {
        DeployReport report = deployer().deploy(assembly, DeployOptions.defaults());

        assertThat(report.succeeded()).as(String.join("\n", log.lines())).isTrue();
        assertThat(outcomes(report))
                .containsOnly(
                        Map.entry("fixture-Base", StackResult.Outcome.CREATED),
                        Map.entry("fixture-App", StackResult.Outcome.CREATED),
                        Map.entry("fixture-Other", StackResult.Outcome.CREATED));
        List<String> order =
                report.stacks().stream().map(StackResult::stackName).toList();
        assertThat(order.indexOf("fixture-Base")).isLessThan(order.indexOf("fixture-App"));
        assertThat(report.outputs().get("fixture-Base")).containsKey("DataBucket");
        assertThat(report.outputs().get("fixture-App")).containsKey("FunctionName");
        assertThat(report.outputs().get("fixture-Other").get("TableName")).isNotBlank();
        // the Lambda's directory asset was zipped and uploaded under its hash key
        S3Client s3 = moto.client(S3Client.builder());
        assertThat(s3.listObjectsV2(b -> b.bucket(ASSET_BUCKET)).contents())
                .anySatisfy(o -> assertThat(o.key())
                        .isEqualTo("99b80f4c3896d2d0115a61767d9a2db76d6b5648e1ed587f6cfd23d214c3c6b1.zip"));
        // one progress line per resource event, and the summary table
        assertThat(log.lines())
                .anySatisfy(l -> assertThat(l)
                        .contains("fixture-Other")
                        .contains("CREATE_COMPLETE")
                        .contains("AWS::DynamoDB::Table"));
        assertThat(log.lines())
                .anySatisfy(l ->
                        assertThat(l).startsWith("stack").contains("result").contains("duration"));
        // the stack's tags from the manifest reached CloudFormation
        assertThat(moto.client(CloudFormationClient.builder())
                        .describeStacks(b -> b.stackName("fixture-Other"))
                        .stacks()
                        .get(0)
                        .tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=fixture"));
    }

    @Test
    @Order(4)
    void redeployOfAnUnchangedAssemblyMakesNoWrites() {
        MotoAws.resetRecording(moto);

        DeployReport report = deployer().deploy(assembly, DeployOptions.defaults());

        assertThat(outcomes(report).values()).containsOnly(StackResult.Outcome.UNCHANGED);
        List<Moto.RecordedRequest> cloudFormation = MotoAws.cloudFormationCalls(moto);
        assertThat(cloudFormation).noneMatch(r -> r.operation().equals("CreateChangeSet"));
        assertThat(MotoAws.writes(moto)).as("writes of a no-op redeploy").isEmpty();
        assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("already present"));
        System.out.println("no-op redeploy: " + cloudFormation.size() + " CloudFormation calls: "
                + cloudFormation.stream().map(Moto.RecordedRequest::operation).toList());
    }

    @Test
    @Order(5)
    void onlyTheChangedStackIsUpdated() throws Exception {
        Path template = assembly.resolve("Other.template.json");
        Files.writeString(
                template,
                Files.readString(template)
                        .replace("\"Outputs\": {", "\"Outputs\": {\n  \"Marker\": {\"Value\": \"changed\"},"));
        MotoAws.resetRecording(moto);

        DeployReport report = deployer().deploy(assembly, DeployOptions.defaults());

        assertThat(outcomes(report))
                .containsOnly(
                        Map.entry("fixture-Base", StackResult.Outcome.UNCHANGED),
                        Map.entry("fixture-App", StackResult.Outcome.UNCHANGED),
                        Map.entry("fixture-Other", StackResult.Outcome.UPDATED));
        assertThat(MotoAws.cloudFormationCalls(moto).stream()
                        .filter(r -> r.operation().equals("CreateChangeSet")))
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.body()).contains("StackName=fixture-Other"));
        assertThat(report.outputs().get("fixture-Other")).containsEntry("Marker", "changed");
    }

    @Test
    @Order(6)
    void theDirectMethodUpdatesWithoutChangeSets() throws Exception {
        Path template = assembly.resolve("Other.template.json");
        Files.writeString(
                template, Files.readString(template).replace("\"Value\": \"changed\"", "\"Value\": \"direct\""));
        MotoAws.resetRecording(moto);

        DeployReport report = deployer()
                .deploy(
                        assembly,
                        DeployOptions.defaults().withMethod(DeployMethod.DIRECT).withStacks(Set.of("fixture-Other")));

        assertThat(outcomes(report)).containsOnly(Map.entry("fixture-Other", StackResult.Outcome.UPDATED));
        List<String> operations = MotoAws.cloudFormationCalls(moto).stream()
                .map(Moto.RecordedRequest::operation)
                .toList();
        assertThat(operations).contains("UpdateStack").doesNotContain("CreateChangeSet");
        assertThat(report.outputs().get("fixture-Other")).containsEntry("Marker", "direct");
    }

    @Test
    @Order(7)
    void destroyEmptiesOwnedBucketsAndLeavesNoStack() {
        S3Client s3 = moto.client(S3Client.builder());
        CloudFormationClient cf = moto.client(CloudFormationClient.builder());
        Map<String, String> base = StackDeployer.outputs(
                cf.describeStacks(b -> b.stackName("fixture-Base")).stacks().get(0));
        s3.putObject(b -> b.bucket(base.get("ScratchBucket")).key("scratch.txt"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket(base.get("DataBucket")).key("user-data.txt"), RequestBody.fromString("keep me"));

        DeployReport report = new Destroyer(MotoAws.clients(moto), log)
                .destroy(assembly, DeployOptions.defaults(), Destroyer.Extras.NONE);

        assertThat(report.succeeded()).as(String.join("\n", log.lines())).isTrue();
        assertThat(outcomes(report).values()).containsOnly(StackResult.Outcome.DELETED);
        List<String> order =
                report.stacks().stream().map(StackResult::stackName).toList();
        assertThat(order.indexOf("fixture-App")).isLessThan(order.indexOf("fixture-Base"));
        assertThat(cf.listStacks().stackSummaries())
                .allSatisfy(s -> assertThat(s.stackStatus())
                        .isEqualTo(
                                s.stackName().equals("OpenClawToolkit")
                                        ? StackStatus.CREATE_COMPLETE
                                        : StackStatus.DELETE_COMPLETE));
        // the DESTROY bucket was emptied and deleted; the RETAIN bucket (CDK's default) keeps the user's data
        assertThat(s3.listBuckets().buckets())
                .extracting(b -> b.name())
                .containsExactlyInAnyOrder(ASSET_BUCKET, base.get("DataBucket"));
        assertThat(s3.listObjectsV2(b -> b.bucket(base.get("DataBucket"))).contents())
                .hasSize(1);
        assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("emptied bucket " + base.get("ScratchBucket")));
    }

    @Test
    @Order(8)
    void destroyAllAlsoRemovesTheToolkitAndSecrets() {
        SsmClient ssm = moto.client(SsmClient.builder());
        ssm.putParameter(
                b -> b.name("/fixture/secrets/token").type("SecureString").value("not-a-real-secret"));

        DeployReport report = new Destroyer(MotoAws.clients(moto), log)
                .destroy(
                        assembly,
                        DeployOptions.defaults(),
                        new Destroyer.Extras(
                                java.util.Optional.of("openclaw"), java.util.Optional.of("/fixture/secrets")));

        assertThat(report.succeeded()).as(String.join("\n", log.lines())).isTrue();
        CloudFormationClient cf = moto.client(CloudFormationClient.builder());
        assertThat(cf.listStacks().stackSummaries())
                .allSatisfy(s -> assertThat(s.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE));
        assertThat(moto.client(S3Client.builder()).listBuckets().buckets())
                .extracting(b -> b.name())
                .doesNotContain(ASSET_BUCKET);
        assertThat(ssm.getParametersByPath(b -> b.path("/fixture/secrets").recursive(true))
                        .parameters())
                .isEmpty();
        assertThat(ssm.getParametersByPath(b -> b.path("/cdk-bootstrap").recursive(true))
                        .parameters())
                .isEmpty();
    }
}
