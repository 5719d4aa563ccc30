package io.github.serverlessopenclaw.plugin.pipeline;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployException;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Deployer;
import io.github.serverlessopenclaw.plugin.deploy.StackResult;
import io.github.serverlessopenclaw.plugin.doctor.Check;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.outputs.OutputsFile;
import io.github.serverlessopenclaw.plugin.report.Durations;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.stacks.SynthesisKey;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import io.github.serverlessopenclaw.plugin.state.ResetRow;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import io.github.serverlessopenclaw.plugin.web.WebPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code mvn openclaw:deploy}: the seed guide's whole checklist as nine steps, each skipped when already
 * done and reported on one line with its duration. Composes the plain services; knows nothing of Maven.
 */
public final class DeployPipeline {
    static final int STEPS = 9;

    /**
     * One run's input, gathered by the deploy goal.
     *
     * @param configured     the validated stack configuration (validated before anything runs)
     * @param withImage      the same configuration for an image reference (nothing else: the templates are a
     *                       function of the configuration, so synth and deploy write the same ones)
     * @param givenImage     an image reference to use as it is (no build)
     * @param pushImage      builds and pushes the image (or finds it already pushed)
     */
    public record Request(Doctor.Inputs preflight, StackConfig configured, Function<String, StackConfig> withImage,
                          DeployMethod method, SecretsOptions secrets, SecretSources secretSources,
                          Optional<String> givenImage, Supplier<PublishedImage> pushImage, Path assemblyDirectory,
                          DeployOptions deploy, WebAssets web, Optional<String> telegramBotName, Path outputsFile) {
    }

    /** What the run did, step by step, and the deployment's outputs. */
    public record Result(List<StepResult> steps, DeployedOutputs outputs, Duration duration) {
        public boolean wroteAnything() {
            return steps.stream().anyMatch(StepResult::wrote);
        }
    }

    /** The stacks this run deployed (or found unchanged), and every output of the deployment afterwards. */
    private record Deployed(DeployReport report, DeployedOutputs outputs) {
        boolean includes(ProductStack stack, AppNames names) {
            return report.stacks().stream().anyMatch(r -> r.stackName().equals(stack.stackName(names)));
        }
    }

    private final AwsClients aws;
    private final DeployLog log;

    public DeployPipeline(AwsClients aws, DeployLog log) {
        this.aws = aws;
        this.log = log;
    }

    public Result run(Request request) {
        long started = System.nanoTime();
        AppNames names = request.configured().names();
        Steps steps = new Steps(log, STEPS);
        steps.run("preflight", () -> preflight(request.preflight()));
        steps.run("bootstrap", () -> bootstrap(request.configured().qualifier(), request.method()));
        steps.run("secrets", () -> secrets(request, names));
        String image = steps.run("image", () -> image(request));
        Path assembly = steps.run("synth", () -> synth(request.withImage().apply(image), request.assemblyDirectory()));
        Deployed deployed = steps.run("stacks", () -> stacks(assembly, request.deploy(), names));
        DeployedOutputs outputs = deployed.outputs();
        steps.run("web", () -> deployed.includes(ProductStack.WEB, names) ? web(request, outputs)
                : notInThisRun(ProductStack.WEB, names));
        steps.run("containers", () -> deployed.includes(ProductStack.COMPUTE, names) ? containers(outputs, names)
                : notInThisRun(ProductStack.COMPUTE, names));
        steps.run("outputs", () -> outputsFile(outputs, request.outputsFile()));
        Result result = new Result(steps.results(), outputs, Duration.ofNanos(System.nanoTime() - started));
        summary(result, request).forEach(log::info);
        return result;
    }

    private Steps.Done<Void> preflight(Doctor.Inputs inputs) {
        List<Check> checks = new Doctor().preflight(inputs);
        checks.stream().filter(c -> c.status() == Check.Status.WARN).forEach(c -> log.warn(c.line()));
        List<Check> failed = checks.stream().filter(Check::failed).toList();
        if (!failed.isEmpty()) {
            throw new ConfigurationException("Preflight failed, nothing was deployed:\n"
                    + failed.stream().map(Check::line).collect(Collectors.joining("\n")));
        }
        String account = checks.stream().filter(c -> c.name().equals(Doctor.ACCOUNT_CHECK)).map(Check::detail).findFirst().orElse("?");
        return Steps.Done.unchanged(null, "JDK, Maven, Node.js, AWS ok: " + account);
    }

    private Steps.Done<Void> bootstrap(String qualifier, DeployMethod method) {
        StackResult result = new Bootstrapper(aws, log).bootstrap(qualifier, method);
        String summary = result.stackName() + " " + result.outcome().label();
        return result.outcome() == StackResult.Outcome.UNCHANGED ? Steps.Done.unchanged(null, summary) : Steps.Done.wrote(null, summary);
    }

    /**
     * Ensures the required secrets. The container gets the provider keys the configuration names (the model's
     * and {@code openclaw.secrets}); one that only exists in SSM is named in a warning, never added.
     */
    private Steps.Done<Void> secrets(Request request, AppNames names) {
        try (SecretsService service = new SecretsService(aws, names)) {
            SecretsReport report = service.apply(request.secrets(), request.secretSources(), log::warn);
            report.entries().stream().filter(e -> e.status().wrote()).forEach(e -> log.info("  " + e.line()));
            report.restartNotices().forEach(log::warn);
            Set<Secret> providerKeys = request.configured().providerSecrets();
            Set<Secret> unused = EnumSet.noneOf(Secret.class);
            service.presentSecrets().stream().filter(Secret::isProviderKey).filter(k -> !providerKeys.contains(k)).forEach(unused::add);
            if (!unused.isEmpty()) {
                log.warn("  " + unused.stream().map(Secret::secretName).collect(Collectors.joining(", ")) + " exist(s) in SSM but the"
                        + " container does not get it: add its provider to " + PropertyNames.PROVIDERS + " to hand it to OpenClaw");
            }
            String keys = "; provider keys: " + (providerKeys.isEmpty() ? "none"
                    : providerKeys.stream().map(Secret::secretName).collect(Collectors.joining(", ")));
            return report.written() == 0
                    ? Steps.Done.unchanged(null, "all present, nothing written" + keys)
                    : Steps.Done.wrote(null, report.written() + " written" + keys);
        }
    }

    private Steps.Done<String> image(Request request) {
        if (request.givenImage().isPresent()) {
            return Steps.Done.unchanged(request.givenImage().get(), "given: " + request.givenImage().get());
        }
        PublishedImage image = request.pushImage().get();
        if (!image.pushed()) {
            return Steps.Done.unchanged(image.reference(), "already pushed: " + image.reference());
        }
        image.layerLines().forEach(log::info);
        return Steps.Done.wrote(image.reference(), "pushed " + image.reference() + " (" + image.uploadedLayers() + " layer(s) uploaded)");
    }

    /** Reuses the assembly of an earlier run when every input is the same (synth is most of a no-op run). */
    private Steps.Done<Path> synth(StackConfig config, Path directory) {
        Optional<String> key = SynthesisKey.of(config);
        if (key.isPresent() && key.equals(SynthesisKey.stored(directory))) {
            return Steps.Done.unchanged(directory, "inputs unchanged, reused " + directory);
        }
        Synthesizer.Result result = new Synthesizer().synthesize(config, directory);
        key.ifPresent(k -> SynthesisKey.store(result.outDir(), k));
        result.warnings().forEach(log::warn);
        return Steps.Done.unchanged(result.outDir(), result.stacks().size() + " stacks, " + result.assets().size() + " asset(s)");
    }

    private Steps.Done<Deployed> stacks(Path assembly, DeployOptions options, AppNames names) {
        DeployReport report = new Deployer(aws, log).deploy(assembly, options);
        if (!report.succeeded()) {
            throw new DeployException(report.firstFailure().map(f -> f.stackName() + " failed: " + f.detail())
                    .orElse("Some stacks were not deployed; see the table above")
                    + ". Fix the cause and run " + Goals.command(Goals.DEPLOY) + " again: it continues from where it stopped");
        }
        Map<String, Long> counts = report.stacks().stream()
                .collect(Collectors.groupingBy(r -> r.outcome().label(), TreeMap::new, Collectors.counting()));
        String summary = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        boolean wrote = report.stacks().stream().anyMatch(r -> r.outcome() != StackResult.Outcome.UNCHANGED);
        Deployed deployed = new Deployed(report, DeployedOutputs.read(aws, names));
        return wrote ? Steps.Done.wrote(deployed, summary) : Steps.Done.unchanged(deployed, summary);
    }

    private static Steps.Done<Void> notInThisRun(ProductStack stack, AppNames names) {
        return Steps.Done.unchanged(null, "skipped: " + stack.stackName(names) + " is not deployed in this run");
    }

    private Steps.Done<Void> web(Request request, DeployedOutputs outputs) {
        WebPublisher.Report report = new WebPublisher(aws, log::info).publish(request.web(), outputs, request.telegramBotName());
        String summary = report.uploaded().size() + " uploaded, " + report.unchanged() + " unchanged, " + report.deleted().size()
                + " deleted" + report.invalidationId().map(id -> ", invalidation " + id).orElse(", no invalidation");
        boolean wrote = !report.uploaded().isEmpty() || !report.deleted().isEmpty() || report.invalidationId().isPresent();
        return wrote ? Steps.Done.wrote(null, summary) : Steps.Done.unchanged(null, summary);
    }

    /** Stops containers still running an older task definition (an older image) and clears their rows. */
    private Steps.Done<Void> containers(DeployedOutputs outputs, AppNames names) {
        try (StateReconciler reconciler = StateReconciler.forDeployment(aws, names, outputs)) {
            List<ResetRow> rows = reconciler.resetOutdated(false);
            List<ResetRow> acted = rows.stream().filter(r -> r.applied() && r.action() != ResetRow.Action.KEEP).toList();
            if (acted.isEmpty()) {
                return Steps.Done.unchanged(null, "none outdated (" + rows.size() + " checked)");
            }
            StateReconciler.table(acted, false).forEach(log::info);
            return Steps.Done.wrote(null, acted.size() + " outdated container(s) or row(s) cleared");
        }
    }

    private Steps.Done<Void> outputsFile(DeployedOutputs outputs, Path file) {
        OutputsFile.write(file, outputs.byStack());
        return Steps.Done.unchanged(null, outputs.all().size() + " outputs written to " + file);
    }

    /** The web URL first, the outputs, what changed, and the next steps as exact commands. */
    static List<String> summary(Result result, Request request) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        result.outputs().get(OutputKey.WebAppUrl).ifPresent(url -> lines.add("Your OpenClaw web UI: " + url));
        lines.addAll(OutputsFile.table(result.outputs().byStack()));
        lines.add("");
        lines.add(result.wroteAnything()
                ? "Deployed in " + Durations.seconds(result.duration()) + "; changed: " + result.steps().stream().filter(StepResult::wrote)
                        .map(StepResult::name).collect(Collectors.joining(", "))
                : "Nothing changed (no stack, secret, image or web file was written) in " + Durations.seconds(result.duration()));
        lines.add("Next steps:");
        lines.add("  create a user:        " + Goals.command(Goals.USER_CREATE) + " " + PropertyNames.flag(PropertyNames.EMAIL) + "=you@example.com");
        if (request.configured().telegram()) {
            lines.add("  register Telegram:    " + Goals.command(Goals.TELEGRAM));
        }
        lines.add("  check the deployment: " + Goals.command(Goals.STATUS));
        return lines;
    }
}
