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
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * openclaw:diff's engine against moto: the change set is created, read and deleted for new stacks (no
 * REVIEW_IN_PROGRESS stack left behind), an unchanged deployment (CloudFormation's "didn't contain changes"
 * is no change, not an error) and a changed template; a change set CloudFormation refuses falls back to the
 * template comparison, and the output names which ran. moto lists a change's Action only (no Replacement,
 * no Details): those are read from AWS's documented shape in {@link ChangeSetDiffTest}.
 */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeSetDiffMotoTest {
    @TempDir
    static Path work;

    static Path assembly;

    private final Moto moto;
    private final DeployLogs.Collecting log = new DeployLogs.Collecting();

    ChangeSetDiffMotoTest(Moto moto) {
        this.moto = moto;
    }

    @BeforeAll
    static void copyFixture() {
        assembly = MotoAws.copyOfFixture(work.resolve("cdk.out"));
    }

    private List<Differ.StackDiff> diff() {
        return new Differ(MotoAws.clients(moto), log).diff(assembly, Set.of());
    }

    private static Map<String, Differ.StackDiff> byName(List<Differ.StackDiff> diffs) {
        return diffs.stream().collect(Collectors.toMap(Differ.StackDiff::stackName, d -> d));
    }

    private List<String> operations() {
        return MotoAws.cloudFormationCalls(moto).stream()
                .map(Moto.RecordedRequest::operation)
                .toList();
    }

    /** Neither a diff change set nor a stack it created may outlive the diff. */
    private void assertNothingLeftBehind() {
        CloudFormationClient cf = moto.client(CloudFormationClient.builder());
        // moto's ListChangeSets lists the region's change sets, whatever the stack: enough to see ours are gone
        for (String stack : List.of("fixture-Base", "fixture-App", "fixture-Other")) {
            assertThat(cf.listChangeSets(b -> b.stackName(stack)).summaries())
                    .noneMatch(s -> s.changeSetName().startsWith("openclaw-diff-"));
        }
        assertThat(cf.listStacks().stackSummaries())
                .extracting(StackSummary::stackStatus)
                .doesNotContain(StackStatus.REVIEW_IN_PROGRESS);
        long created =
                operations().stream().filter(o -> o.equals("CreateChangeSet")).count();
        assertThat(operations().stream()
                        .filter(o -> o.equals("DeleteChangeSet"))
                        .count())
                .isEqualTo(created);
    }

    @Test
    @Order(1)
    void newStacksAreAllAdditionsAndLeaveNoReviewStack() {
        MotoAws.resetRecording(moto);

        Map<String, Differ.StackDiff> diffs = byName(diff());

        assertThat(diffs).hasSize(3);
        assertThat(diffs.values()).allSatisfy(d -> {
            assertThat(d.source()).isEqualTo(Differ.Source.CHANGE_SET);
            assertThat(d.deployed()).isFalse();
            assertThat(d.anyChange()).isTrue();
            assertThat(d.changes())
                    .extracting(TemplateDiff.ResourceChange::kind)
                    .containsOnly(TemplateDiff.Kind.ADDED);
        });
        assertThat(diffs.get("fixture-App").changes())
                .extracting(TemplateDiff.ResourceChange::logicalId)
                .containsExactlyInAnyOrder("FnServiceRoleB9001A96", "Fn9270CBC0");
        assertThat(diffs.get("fixture-App").hasSecurityChanges()).isTrue();
        assertThat(log.lines())
                .anySatisfy(l -> assertThat(l)
                        .startsWith("fixture-Other (new stack): 1 resource change(s) [CloudFormation change set]"));
        assertThat(operations())
                .contains("CreateChangeSet", "DescribeChangeSet", "DeleteChangeSet", "DeleteStack")
                .doesNotContain("ExecuteChangeSet", "GetTemplate");
        CloudFormationClient cf = moto.client(CloudFormationClient.builder());
        assertThat(StackMonitor.describe(cf, "fixture-Other")).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    @Order(2)
    void anUnchangedDeploymentShowsNoChangeAndKeepsNoChangeSet() {
        new Bootstrapper(MotoAws.clients(moto), log).bootstrap("openclaw", DeployMethod.CHANGE_SET);
        assertThat(new Deployer(MotoAws.clients(moto), log)
                        .deploy(assembly, DeployOptions.defaults())
                        .succeeded())
                .as(String.join("\n", log.lines()))
                .isTrue();
        MotoAws.resetRecording(moto);

        List<Differ.StackDiff> diffs = diff();

        assertThat(diffs).allSatisfy(d -> {
            assertThat(d.source()).isEqualTo(Differ.Source.CHANGE_SET);
            assertThat(d.anyChange()).as(d.stackName()).isFalse();
        });
        assertThat(log.lines()).contains("fixture-Other: no differences [CloudFormation change set]");
        assertThat(operations()).doesNotContain("DeleteStack", "ExecuteChangeSet");
        assertNothingLeftBehind();
        assertThat(moto.client(CloudFormationClient.builder())
                        .describeStacks(b -> b.stackName("fixture-Other"))
                        .stacks()
                        .get(0)
                        .stackStatus())
                .isEqualTo(StackStatus.CREATE_COMPLETE);
    }

    @Test
    @Order(3)
    void aChangedTemplateShowsTheChange() throws Exception {
        Path template = assembly.resolve("Other.template.json");
        String original = Files.readString(template);
        Files.writeString(
                template,
                original.replace(
                        "\"Resources\": {",
                        "\"Resources\": {\n  \"Added\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"VisibilityTimeout\": 40}},"));
        MotoAws.resetRecording(moto);
        try {
            Map<String, Differ.StackDiff> diffs = byName(diff());

            Differ.StackDiff other = diffs.get("fixture-Other");
            assertThat(other.source()).isEqualTo(Differ.Source.CHANGE_SET);
            assertThat(other.anyChange()).isTrue();
            assertThat(other.changes())
                    .extracting(c -> c.kind() + " " + c.logicalId() + " " + c.type())
                    .contains("ADDED Added AWS::SQS::Queue");
            assertThat(diffs.get("fixture-Base").anyChange()).isFalse();
            assertThat(log.lines()).contains("  [+] Added (AWS::SQS::Queue)");
            assertNothingLeftBehind();
            // nothing was deployed: the queue exists only in the local template
            assertThat(moto.client(CloudFormationClient.builder())
                            .listStackResources(b -> b.stackName("fixture-Other"))
                            .stackResourceSummaries())
                    .noneMatch(r -> r.logicalResourceId().equals("Added"));
        } finally {
            Files.writeString(template, original);
        }
    }

    /** Other's template padded over the inline limit with one queue added, under a new content hash (as a new synth gives). */
    private static Map<Path, String> largeChangedOther(String hash) throws Exception {
        Map<Path, String> originals = new java.util.HashMap<>();
        for (String file : List.of("Other.template.json", "Other.assets.json", "manifest.json")) {
            originals.put(assembly.resolve(file), Files.readString(assembly.resolve(file)));
        }
        String oldHash = "5c500daac38c3e536c55c1de75cdd8e0f367e54fa1d9e8fe460b91db5d1530e7";
        Files.writeString(
                assembly.resolve("Other.template.json"),
                originals
                        .get(assembly.resolve("Other.template.json"))
                        .replace(
                                "\"Resources\": {",
                                "\"Metadata\": {\"Padding\": \"" + "x".repeat(StackDeployer.MAX_INLINE_TEMPLATE_BYTES)
                                        + "\"},\n\"Resources\": {\n  \"Added\": {\"Type\": \"AWS::SQS::Queue\"},"));
        for (String file : List.of("Other.assets.json", "manifest.json")) {
            Files.writeString(
                    assembly.resolve(file),
                    originals.get(assembly.resolve(file)).replace(oldHash, hash));
        }
        return originals;
    }

    private static void restore(Map<Path, String> originals) throws Exception {
        for (Map.Entry<Path, String> e : originals.entrySet()) {
            Files.writeString(e.getKey(), e.getValue());
        }
    }

    @Test
    @Order(4)
    void aTemplateOverTheInlineLimitIsUploadedFirstThenDiffedByChangeSet() throws Exception {
        String hash = "d1ff".repeat(16);
        Map<Path, String> originals = largeChangedOther(hash);
        MotoAws.resetRecording(moto);
        try {
            Differ.StackDiff other = byName(diff()).get("fixture-Other");

            assertThat(other.source()).isEqualTo(Differ.Source.CHANGE_SET);
            assertThat(other.changes())
                    .extracting(c -> c.kind() + " " + c.logicalId())
                    .containsExactly("ADDED Added");
            assertThat(MotoAws.cloudFormationCalls(moto))
                    .filteredOn(r -> r.operation().equals("CreateChangeSet"))
                    .anySatisfy(
                            r -> assertThat(r.body()).contains("TemplateURL=").contains(hash));
            assertThat(log.lines())
                    .anySatisfy(l -> assertThat(l)
                            .contains("fixture-Other Template: published")
                            .contains(hash + ".json"));
            assertNothingLeftBehind();
        } finally {
            restore(originals);
        }
    }

    @Test
    @Order(5)
    void aRefusedChangeSetFallsBackToTheTemplateComparisonAndSaysSo() throws Exception {
        // an assembly that names no template asset (not the DefaultStackSynthesizer): a large template has no URL to go
        // by
        Map<Path, String> originals = largeChangedOther("e".repeat(64));
        Path manifest = assembly.resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replaceAll("\"stackTemplateAssetObjectUrl\": \"s3://[^\"]*/e{64}\\.json\",", ""));
        MotoAws.resetRecording(moto);
        try {
            Differ.StackDiff other = byName(diff()).get("fixture-Other");

            assertThat(other.source()).isEqualTo(Differ.Source.TEMPLATES);
            assertThat(other.changes())
                    .extracting(c -> c.kind() + " " + c.logicalId())
                    .containsExactly("ADDED Added");
            assertThat(log.lines())
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("WARN fixture-Other: CloudFormation made no change set (")
                            .contains("names no template asset")
                            .endsWith("comparing the deployed template with the local one instead"));
            assertThat(log.lines()).contains("fixture-Other: 1 resource change(s) [local template comparison]");
            assertNothingLeftBehind();
        } finally {
            restore(originals);
        }
    }
}
