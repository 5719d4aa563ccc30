package io.github.serverlessopenclaw.plugin.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest model on an assembly really synthesized by aws-cdk-lib 2.263 (schema 54), and its tolerance. */
class CloudAssemblyTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixture-assembly");

    @Test
    void readsStacksDependenciesRolesAndAssetsOfARealSynth() {
        CloudAssembly assembly = CloudAssembly.load(FIXTURE);

        assertThat(assembly.schemaVersion()).isEqualTo("54.0.0");
        assertThat(assembly.warnings()).isEmpty();
        assertThat(assembly.stacks())
                .extracting(StackArtifact::stackName)
                .containsExactly("fixture-Base", "fixture-App", "fixture-Other");
        StackArtifact app = assembly.stack("App").orElseThrow();
        assertThat(app.dependencies()).containsExactly("Base");
        assertThat(app.assetManifests()).containsExactly("App.assets");
        assertThat(app.templateFile()).isEqualTo(FIXTURE.resolve("App.template.json"));
        assertThat(app.assumeRoleArn())
                .contains(
                        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-openclaw-deploy-role-${AWS::AccountId}-${AWS::Region}");
        assertThat(app.executionRoleArn().orElseThrow()).contains("cdk-openclaw-cfn-exec-role");
        assertThat(app.requiresBootstrapStackVersion()).contains(6);
        assertThat(app.bootstrapStackVersionSsmParameter()).contains("/cdk-bootstrap/openclaw/version");
        assertThat(app.account()).isEmpty();
        assertThat(app.region()).isEmpty();
        assertThat(assembly.stack("fixture-Other").orElseThrow().tags()).containsEntry("team", "fixture");

        AssetManifest assets = assembly.assetManifest("App.assets");
        assertThat(assets.files()).hasSize(2);
        AssetManifest.FileAsset code = assets.files().stream()
                .filter(f -> f.packaging() == AssetManifest.Packaging.ZIP_DIRECTORY)
                .findFirst()
                .orElseThrow();
        assertThat(code.source()).isDirectory();
        assertThat(code.destinations()).singleElement().satisfies(d -> {
            assertThat(d.bucketName()).isEqualTo("cdk-openclaw-assets-${AWS::AccountId}-${AWS::Region}");
            assertThat(d.objectKey()).endsWith(".zip");
            assertThat(d.assumeRoleArn().orElseThrow()).contains("file-publishing-role");
        });
    }

    @Test
    void placeholdersResolveForTheTargetEnvironment() {
        Placeholders env = Placeholders.of("111122223333", "cn-north-1");
        assertThat(env.resolve("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x-${AWS::Region}"))
                .isEqualTo("arn:aws-cn:iam::111122223333:role/x-cn-north-1");
        assertThat(env.s3Host()).isEqualTo("s3.cn-north-1.amazonaws.com.cn");
        assertThat(Placeholders.of("1", "eu-west-1").partition()).isEqualTo("aws");
    }

    @Test
    void toleratesUnknownFieldsWalksNestedAssembliesAndWarnsAboutNewerSchemas(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), """
                {"version": "99.1.0", "futureField": {"x": 1},
                 "artifacts": {
                   "Stage": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Stage", "displayName": "Stage"}},
                   "Something": {"type": "cdk:brand-new-artifact", "properties": {}}
                 }}""");
        Path nested = Files.createDirectories(dir.resolve("assembly-Stage"));
        Files.writeString(nested.resolve("manifest.json"), """
                {"version": "54.0.0", "artifacts": {
                   "First": {"type": "aws:cloudformation:stack", "environment": "aws://111122223333/eu-west-1",
                             "properties": {"templateFile": "First.template.json", "newProperty": true}},
                   "Second": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                              "properties": {"templateFile": "Second.template.json", "stackName": "stage-second"},
                              "dependencies": ["First"]}
                 }}""");

        CloudAssembly assembly = CloudAssembly.load(dir);

        assertThat(assembly.warnings())
                .singleElement()
                .asString()
                .contains("99.1.0")
                .contains("54");
        assertThat(assembly.stacks())
                .extracting(StackArtifact::id)
                .containsExactly("assembly-Stage/First", "assembly-Stage/Second");
        StackArtifact first = assembly.stacks().get(0);
        assertThat(first.stackName()).isEqualTo("First");
        assertThat(first.account()).contains("111122223333");
        assertThat(first.region()).contains("eu-west-1");
        assertThat(assembly.stacks().get(1).dependencies()).containsExactly("assembly-Stage/First");
        assertThat(first.assumeRoleArn()).isEqualTo(Optional.empty());
    }

    @Test
    void aMissingAssemblyNamesTheFix(@TempDir Path dir) {
        assertThatThrownBy(() -> CloudAssembly.load(dir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mvn openclaw:synth");
    }
}
