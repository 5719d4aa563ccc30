package io.github.serverlessopenclaw.plugin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.DeployException;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.StackResult;
import io.github.serverlessopenclaw.plugin.doctor.Check;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import io.github.serverlessopenclaw.plugin.state.ResetRow;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import io.github.serverlessopenclaw.plugin.web.WebPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's own decisions, with scripted services standing in for AWS (the services have their moto tests;
 * {@code DeployMojoTest} and {@code IamPoliciesStrictMotoTest} run this pipeline with the real ones).
 */
class DeployPipelineTest {
    private static final AppNames NAMES = new AppNames("pipe");

    @TempDir
    Path work;

    private final List<String> lines = new ArrayList<>();
    private final DeployLog log = new DeployLog() {
        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }
    };
    private FakeServices services;
    private DeployPipeline.Request request;

    @BeforeEach
    void request() throws Exception {
        Path jar = Files.writeString(work.resolve("lambdas.jar"), "stand-in");
        services = new FakeServices();
        request = DeployPipeline.Request.builder()
                .preflight(new Doctor.Inputs("21", "3.9.9", "", () -> null, NAMES))
                .configured(StackConfig.builder(NAMES, jar).build())
                .withImage(image -> StackConfig.builder(NAMES, jar).image(image).build())
                .secrets(SecretsOptions.ensure(false, Set.of(), Optional.empty()))
                .secretSources(SecretSources.none())
                .assemblyDirectory(work.resolve("cdk.out"))
                .web(WebAssets.fromDirectory(Files.writeString(
                                Files.createDirectories(work.resolve("site")).resolve("index.html"), "<html></html>")
                        .getParent()))
                .outputsFile(work.resolve("outputs.json"))
                .build();
    }

    /** The stack names of the given stacks, as a report of a deploy that found them all unchanged. */
    private static List<StackResult> unchanged(ProductStack... stacks) {
        return Arrays.stream(stacks)
                .map(s ->
                        new StackResult(s.stackName(NAMES), StackResult.Outcome.UNCHANGED, Duration.ZERO, "", Map.of()))
                .toList();
    }

    @Test
    void everyStepStartsAndEndsOnALineNumberedOutOfTheListsSize() {
        DeployPipeline.Result result = new DeployPipeline(services, log).run(request);

        int total = DeployPipeline.STEP_NAMES.size();
        assertThat(result.steps()).extracting(StepResult::name).containsExactlyElementsOf(DeployPipeline.STEP_NAMES);
        for (int i = 0; i < total; i++) {
            String name = DeployPipeline.STEP_NAMES.get(i);
            String label = "[" + (i + 1) + "/" + total + "] " + name;
            assertThat(DeployPipeline.label(name)).isEqualTo(label);
            int start = lines.indexOf(label + " ...");
            assertThat(start).as("start line of " + name + " in " + lines).isNotNegative();
            assertThat(lines.subList(start + 1, lines.size()))
                    .as("end line of " + name)
                    .anyMatch(l -> l.matches(java.util.regex.Pattern.quote(label) + " +\\S.* \\(\\d+\\.\\d s\\)"));
        }
        assertThatThrownBy(() -> DeployPipeline.label("delivery-not-a-step")).hasMessageContaining("no deploy step");
    }

    @Test
    void webIsSkippedWhenTheWebStackWasNotDeployedInThisRun() {
        services.stacks = unchanged(ProductStack.NETWORK, ProductStack.STORAGE, ProductStack.COMPUTE);

        DeployPipeline.Result result = new DeployPipeline(services, log).run(request);

        assertThat(services.calls).doesNotContain("publishWeb").contains("resetOutdated");
        assertThat(step(result, "web").summary()).isEqualTo("skipped: pipe-Web is not deployed in this run");
        assertThat(step(result, "web").wrote()).isFalse();
    }

    @Test
    void webIsPublishedWhenTheWebStackWasDeployed() {
        services.stacks = unchanged(ProductStack.WEB);
        services.webUploaded = List.of("index.html");

        DeployPipeline.Result result = new DeployPipeline(services, log).run(request);

        assertThat(services.calls).contains("publishWeb").doesNotContain("resetOutdated");
        assertThat(step(result, "web").wrote()).isTrue();
        assertThat(step(result, "containers").summary()).isEqualTo("skipped: pipe-Compute is not deployed in this run");
        assertThat(lines).anyMatch(l -> l.startsWith("Deployed in ") && l.endsWith("; changed: web"));
    }

    @Test
    void nothingChangedWhenNoServiceWroteAnything() {
        services.stacks = unchanged(ProductStack.values());

        DeployPipeline.Result result = new DeployPipeline(services, log).run(request);

        assertThat(result.wroteAnything()).isFalse();
        assertThat(lines)
                .anyMatch(l -> l.startsWith("Nothing changed (no stack, secret, image or web file was written) in "));
        assertThat(lines).noneMatch(l -> l.startsWith("Deployed in "));
    }

    @Test
    void aPushedImageIsAChangeAndItsReferenceReachesSynth() {
        services.stacks = unchanged(ProductStack.values());
        services.image = new PublishedImage(
                "registry.example/pipe", "latest", "sha256:" + "ab".repeat(32), "arm64", true, List.of());

        DeployPipeline.Result result = new DeployPipeline(services, log).run(request);

        assertThat(services.synthesizedImage).isEqualTo("registry.example/pipe@sha256:" + "ab".repeat(32));
        assertThat(step(result, "image").wrote()).isTrue();
        assertThat(lines).anyMatch(l -> l.endsWith("; changed: image"));
    }

    @Test
    void aFailingStepSaysSoStopsTheRunAndLeavesTheLaterStepsUnstarted() {
        services.stacks = List.of(StackResult.failed(
                ProductStack.STORAGE.stackName(NAMES),
                Duration.ofSeconds(3),
                "ROLLBACK_COMPLETE: TaskState (AWS::DynamoDB::Table) CREATE_FAILED: Table already exists"));

        assertThatThrownBy(() -> new DeployPipeline(services, log).run(request))
                .isInstanceOf(DeployException.class)
                .hasMessage(
                        "pipe-Storage failed: ROLLBACK_COMPLETE: TaskState (AWS::DynamoDB::Table) CREATE_FAILED: Table already"
                                + " exists. Fix the cause and run mvn openclaw:deploy again: it continues from where it stopped");

        assertThat(services.calls)
                .containsExactly("preflight", "bootstrap", "secrets", "pushImage", "synthesize", "deployStacks");
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        java.util.regex.Pattern.quote(DeployPipeline.label("stacks")) + " +FAILED after \\d+\\.\\d s"));
        List<String> after = DeployPipeline.STEP_NAMES.subList(
                DeployPipeline.STEP_NAMES.indexOf("stacks") + 1, DeployPipeline.STEP_NAMES.size());
        assertThat(after)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(lines).noneMatch(l -> l.contains(DeployPipeline.label(name))));
        assertThat(work.resolve("outputs.json")).doesNotExist();
    }

    @Test
    void aFailedPreflightRunsNoOtherService() {
        services.checks = List.of(Check.fail(Doctor.ACCOUNT_CHECK, "no credentials", "configure credentials"));

        assertThatThrownBy(() -> new DeployPipeline(services, log).run(request))
                .hasMessageStartingWith("Preflight failed, nothing was deployed:");
        assertThat(services.calls).containsExactly("preflight");
    }

    @Test
    void theRequestNamesAMissingField() {
        assertThatThrownBy(() -> DeployPipeline.Request.builder().build()).hasMessage("preflight");
    }

    private static StepResult step(DeployPipeline.Result result, String name) {
        return result.steps().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Scripted services: record each call, answer what the test set (by default: all present, nothing written). */
    private final class FakeServices implements DeployServices {
        final List<String> calls = new ArrayList<>();
        List<Check> checks = List.of(Check.pass(Doctor.ACCOUNT_CHECK, "123456789012"));
        List<StackResult> stacks = unchanged(ProductStack.values());
        PublishedImage image = new PublishedImage(
                "registry.example/pipe", "latest", "sha256:" + "cd".repeat(32), "arm64", false, List.of());
        List<String> webUploaded = List.of();
        String synthesizedImage;

        @Override
        public List<Check> preflight(Doctor.Inputs inputs) {
            calls.add("preflight");
            return checks;
        }

        @Override
        public StackResult bootstrap(String qualifier, DeployMethod method, Map<String, String> tags) {
            calls.add("bootstrap");
            return new StackResult("OpenClawToolkit", StackResult.Outcome.UNCHANGED, Duration.ZERO, "", Map.of());
        }

        @Override
        public SecretsOutcome secrets(
                AppNames names, SecretsOptions options, SecretSources sources, DeployLog progress) {
            calls.add("secrets");
            return new SecretsOutcome(new SecretsReport(List.of(), List.of()), Set.of());
        }

        @Override
        public PublishedImage pushImage() {
            calls.add("pushImage");
            return image;
        }

        @Override
        public Synthesizer.Result synthesize(StackConfig config, Path directory) {
            calls.add("synthesize");
            synthesizedImage = config.image().orElse(null);
            return new Synthesizer.Result(directory, List.of(), List.of(), List.of(), Duration.ZERO);
        }

        @Override
        public DeployReport deployStacks(Path assembly, DeployOptions options) {
            calls.add("deployStacks");
            return new DeployReport(stacks, Duration.ZERO);
        }

        @Override
        public DeployedOutputs outputs(AppNames names) {
            calls.add("outputs");
            return new DeployedOutputs(names, Map.of());
        }

        @Override
        public WebPublisher.Report publishWeb(
                WebAssets web, DeployedOutputs outputs, Optional<String> telegramBotName) {
            calls.add("publishWeb");
            return new WebPublisher.Report("pipe-site", webUploaded, 0, List.of(), Optional.empty(), List.of());
        }

        @Override
        public List<ResetRow> resetOutdated(AppNames names, DeployedOutputs outputs) {
            calls.add("resetOutdated");
            return List.of();
        }
    }
}
