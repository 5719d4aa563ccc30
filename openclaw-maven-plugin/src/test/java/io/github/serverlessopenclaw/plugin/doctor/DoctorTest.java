package io.github.serverlessopenclaw.plugin.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

@ExtendWith(MotoExtension.class)
class DoctorTest {

    @Test
    void localRunNamesTheMissingPieceWithItsInstallCommand(@org.junit.jupiter.api.io.TempDir Path bin)
            throws Exception {
        Check moto = Doctor.localRun(Optional.of("python3 has no moto: pip install 'moto[server]==5.2.1'"), true);
        assertThat(moto.status()).isEqualTo(Check.Status.WARN);
        assertThat(moto.line()).contains("pip install 'moto[server]==5.2.1'").doesNotContain("Exception");
        assertThat(Doctor.localRun(Optional.empty(), false).line())
                .contains("npm not found", "install Node.js with npm");
        assertThat(Doctor.localRun(Optional.empty(), true).status()).isEqualTo(Check.Status.PASS);
        java.nio.file.Files.createFile(
                bin.resolve("npm"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        assertThat(Doctor.onPath("/nowhere" + java.io.File.pathSeparator + bin, "npm"))
                .isTrue();
        assertThat(Doctor.onPath("/nowhere", "npm")).isFalse();
    }

    @Test
    void javaBelow17Fails() {
        assertThat(Doctor.java("11.0.2").failed()).isTrue();
        assertThat(Doctor.java("17.0.15").status()).isEqualTo(Check.Status.PASS);
        assertThat(Doctor.java("25").status()).isEqualTo(Check.Status.PASS);
    }

    @Test
    void mavenBelow387Fails() {
        assertThat(Doctor.maven("3.8.6").failed()).isTrue();
        assertThat(Doctor.maven("3.6.3").failed()).isTrue();
        assertThat(Doctor.maven("3.8.7").status()).isEqualTo(Check.Status.PASS);
        assertThat(Doctor.maven("3.9.11").status()).isEqualTo(Check.Status.PASS);
        assertThat(Doctor.maven("4.0.0-rc-4").status()).isEqualTo(Check.Status.PASS);
    }

    @Test
    void nodeMissingOldOrRecommended() {
        assertThat(Doctor.node(Optional.empty()).failed()).isTrue();
        assertThat(Doctor.node(Optional.empty()).fix()).contains("install Node.js 22+");
        assertThat(Doctor.node(Optional.of(new NodeRuntime(Path.of("/n"), 16, "v16.20.0")))
                        .failed())
                .isTrue();
        assertThat(Doctor.node(Optional.of(new NodeRuntime(Path.of("/n"), 20, "v20.20.2")))
                        .status())
                .isEqualTo(Check.Status.WARN);
        assertThat(Doctor.node(Optional.of(new NodeRuntime(Path.of("/n"), 24, "v24.16.0")))
                        .status())
                .isEqualTo(Check.Status.PASS);
    }

    @Test
    void findsTheRealNodeOnPath() {
        Optional<NodeRuntime> node = NodeRuntime.find(System.getenv("PATH"));
        assertThat(node).as("node on PATH (the build needs it)").isPresent();
        assertThat(node.get().version()).startsWith("v" + node.get().major() + ".");
        assertThat(NodeRuntime.find("/nonexistent")).isEmpty();
    }

    @Test
    void reportsTheAccountFromSts(Moto moto) {
        List<Check> checks = Doctor.aws(() -> clients(moto.endpoint().toString(), "us-east-1"));
        assertThat(checks).extracting(Check::name).containsExactly("AWS region", "AWS account");
        assertThat(checks.get(0).detail()).isEqualTo("us-east-1");
        assertThat(checks.get(1).status()).isEqualTo(Check.Status.PASS);
        assertThat(checks.get(1).detail()).startsWith(Moto.ACCOUNT + " as arn:aws:");
    }

    @Test
    void unreachableAwsFailsWithTheFix() {
        List<Check> checks = Doctor.aws(() -> clients("http://127.0.0.1:9", "eu-west-1"));
        assertThat(checks.get(1).failed()).isTrue();
        assertThat(checks.get(1).fix()).contains("-Dopenclaw.profile=");
        assertThat(checks.get(1).line()).startsWith("✘ AWS account").contains("fix:");
    }

    @Test
    void runListsEveryCheckOnce(Moto moto) {
        List<Check> checks = new Doctor()
                .run(new Doctor.Inputs(
                        "17.0.15",
                        "3.8.7",
                        System.getenv("PATH"),
                        () -> clients(moto.endpoint().toString(), "us-east-1")));
        assertThat(checks)
                .extracting(Check::name)
                .containsExactly(
                        "JDK", "Maven", "Node.js", "AWS region", "AWS account", "openclaw:run", "bootstrap", "secrets");
        assertThat(checks).noneMatch(Check::failed);
    }

    @Test
    void bootstrapWarnsUntilTheToolkitIsCurrent(Moto moto) {
        String parameter = Bootstrapper.versionParameter(StackConfig.DEFAULT_QUALIFIER);
        try (SsmClient ssm = moto.client(SsmClient.builder())) {
            ssm.deleteParameters(b -> b.names(parameter));
            Check missing = Doctor.bootstrap(() -> clients(moto.endpoint().toString(), "us-east-1"));
            assertThat(missing.status()).isEqualTo(Check.Status.WARN);
            assertThat(missing.detail()).isEqualTo("not bootstrapped yet (" + parameter + " does not exist)");
            assertThat(missing.fix()).contains("mvn openclaw:deploy");

            ssm.putParameter(b -> b.name(parameter)
                    .value("" + (Bootstrapper.VERSION - 1))
                    .type(ParameterType.STRING)
                    .overwrite(true));
            assertThat(Doctor.bootstrap(() -> clients(moto.endpoint().toString(), "us-east-1"))
                            .detail())
                    .isEqualTo("version " + (Bootstrapper.VERSION - 1) + ", older than this plugin's "
                            + Bootstrapper.VERSION);

            ssm.putParameter(b -> b.name(parameter)
                    .value("" + Bootstrapper.VERSION)
                    .type(ParameterType.STRING)
                    .overwrite(true));
            Check current = Doctor.bootstrap(() -> clients(moto.endpoint().toString(), "us-east-1"));
            assertThat(current.status()).isEqualTo(Check.Status.PASS);
            assertThat(current.detail()).isEqualTo("OpenClawToolkit version " + Bootstrapper.VERSION);
        }
    }

    @Test
    void secretsListsPresentNamesAndWarnsWithoutAProviderKey(Moto moto) {
        AppNames names = new AppNames("doctor-secrets");
        Check none = Doctor.secrets(() -> clients(moto.endpoint().toString(), "us-east-1"), names);
        assertThat(none.status()).isEqualTo(Check.Status.WARN);
        assertThat(none.detail()).isEqualTo("present: none (no LLM provider key)");
        assertThat(none.fix()).contains("openclaw:secrets");

        try (SsmClient ssm = moto.client(SsmClient.builder())) {
            // bridge-auth-token: left by an older version (no shared bridge secret any more), named by nothing
            for (String secret : List.of("bridge-auth-token", "openclaw-gateway-token", "anthropic-api-key")) {
                ssm.putParameter(
                        b -> b.name(names.secretParameter(secret)).value("v").type(ParameterType.SECURE_STRING));
            }
        }
        Check present = Doctor.secrets(() -> clients(moto.endpoint().toString(), "us-east-1"), names);
        assertThat(present.status()).isEqualTo(Check.Status.PASS);
        assertThat(present.line()).isEqualTo("✔ secrets          present: openclaw-gateway-token, anthropic-api-key");
    }

    private static AwsClients clients(String endpoint, String region) {
        return new AwsClients(AwsSettings.of(region, null, endpoint));
    }
}
