package io.github.serverlessopenclaw.plugin.pipeline;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
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
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.outputs.OutputsFile;
import io.github.serverlessopenclaw.plugin.report.Durations;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code mvn openclaw:deploy}: the deployment as a list of steps ({@link #STEP_NAMES}), each skipped when
 * already done and reported on a line when it starts and one when it ends. Composes the services it is given;
 * knows nothing of Maven. To add a step: a method below and an entry in {@link #steps()}.
 */
public final class DeployPipeline {

    /**
     * One run's input, gathered by the deploy goal; built by name with {@link #builder()}.
     *
     * @param configured     the validated stack configuration (validated before anything runs)
     * @param withImage      the same configuration for an image reference (nothing else: the templates are a
     *                       function of the configuration, so synth and deploy write the same ones)
     * @param givenImage     an image reference to use as it is (no build, no push)
     */
    public record Request(
            Doctor.Inputs preflight,
            StackConfig configured,
            Function<String, StackConfig> withImage,
            SecretsOptions secrets,
            SecretSources secretSources,
            Optional<String> givenImage,
            Path assemblyDirectory,
            DeployOptions deploy,
            WebAssets web,
            Optional<String> telegramBotName,
            Path outputsFile) {
        public Request {
            Objects.requireNonNull(preflight, "preflight");
            Objects.requireNonNull(configured, "configured");
            Objects.requireNonNull(withImage, "withImage");
            Objects.requireNonNull(secrets, "secrets");
            Objects.requireNonNull(secretSources, "secretSources");
            Objects.requireNonNull(givenImage, "givenImage");
            Objects.requireNonNull(assemblyDirectory, "assemblyDirectory");
            Objects.requireNonNull(deploy, "deploy");
            Objects.requireNonNull(web, "web");
            Objects.requireNonNull(telegramBotName, "telegramBotName");
            Objects.requireNonNull(outputsFile, "outputsFile");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Every field by name; the optional ones default to empty, {@code deploy} to the defaults. */
        public static final class Builder {
            private Doctor.Inputs preflight;
            private StackConfig configured;
            private Function<String, StackConfig> withImage;
            private SecretsOptions secrets;
            private SecretSources secretSources;
            private Optional<String> givenImage = Optional.empty();
            private Path assemblyDirectory;
            private DeployOptions deploy = DeployOptions.defaults();
            private WebAssets web;
            private Optional<String> telegramBotName = Optional.empty();
            private Path outputsFile;

            private Builder() {}

            public Builder preflight(Doctor.Inputs value) {
                preflight = value;
                return this;
            }

            public Builder configured(StackConfig value) {
                configured = value;
                return this;
            }

            public Builder withImage(Function<String, StackConfig> value) {
                withImage = value;
                return this;
            }

            public Builder secrets(SecretsOptions value) {
                secrets = value;
                return this;
            }

            public Builder secretSources(SecretSources value) {
                secretSources = value;
                return this;
            }

            public Builder givenImage(Optional<String> value) {
                givenImage = value;
                return this;
            }

            public Builder assemblyDirectory(Path value) {
                assemblyDirectory = value;
                return this;
            }

            public Builder deploy(DeployOptions value) {
                deploy = value;
                return this;
            }

            public Builder web(WebAssets value) {
                web = value;
                return this;
            }

            public Builder telegramBotName(Optional<String> value) {
                telegramBotName = value;
                return this;
            }

            public Builder outputsFile(Path value) {
                outputsFile = value;
                return this;
            }

            public Request build() {
                return new Request(
                        preflight,
                        configured,
                        withImage,
                        secrets,
                        secretSources,
                        givenImage,
                        assemblyDirectory,
                        deploy,
                        web,
                        telegramBotName,
                        outputsFile);
            }
        }
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

    /** One run's state: the request and what the earlier steps produced. */
    private static final class Run {
        final Request request;
        final AppNames names;
        String image;
        Path assembly;
        Deployed deployed;

        Run(Request request) {
            this.request = request;
            this.names = request.configured().names();
        }
    }

    /** The steps' names in order; their count is the {@code n} of the {@code [i/n]} lines. */
    public static final List<String> STEP_NAMES =
            new DeployPipeline(null, null).steps().names();

    /** {@code [i/n] name}: how a step's lines begin (for tests and scripts that look for them). */
    public static String label(String step) {
        int index = STEP_NAMES.indexOf(step);
        if (index < 0) {
            throw new IllegalArgumentException("no deploy step " + step + "; the steps are " + STEP_NAMES);
        }
        return "[" + (index + 1) + "/" + STEP_NAMES.size() + "] " + step;
    }

    private final DeployServices services;
    private final DeployLog log;

    public DeployPipeline(DeployServices services, DeployLog log) {
        this.services = services;
        this.log = log;
    }

    private Steps<Run> steps() {
        return new Steps<>(
                log,
                List.of(
                        new Steps.Step<>("preflight", run -> preflight(run.request.preflight())),
                        new Steps.Step<>(
                                "bootstrap",
                                run -> bootstrap(
                                        run.request.configured(),
                                        run.request.deploy().method())),
                        new Steps.Step<>("secrets", run -> secrets(run.request, run.names)),
                        new Steps.Step<>("image", this::image),
                        new Steps.Step<>(
                                "synth",
                                run -> synth(
                                        run,
                                        run.request.withImage().apply(run.image),
                                        run.request.assemblyDirectory())),
                        new Steps.Step<>("stacks", this::stacks),
                        new Steps.Step<>(
                                "web",
                                run -> run.deployed.includes(ProductStack.WEB, run.names)
                                        ? web(run.request, run.deployed.outputs())
                                        : notInThisRun(ProductStack.WEB, run.names)),
                        new Steps.Step<>(
                                "containers",
                                run -> run.deployed.includes(ProductStack.COMPUTE, run.names)
                                        ? containers(run.deployed.outputs(), run.names)
                                        : notInThisRun(ProductStack.COMPUTE, run.names)),
                        new Steps.Step<>(
                                "outputs", run -> outputsFile(run.deployed.outputs(), run.request.outputsFile()))));
    }

    public Result run(Request request) {
        long started = System.nanoTime();
        Run run = new Run(request);
        List<StepResult> results = steps().run(run);
        Result result = new Result(results, run.deployed.outputs(), Duration.ofNanos(System.nanoTime() - started));
        summary(result, request).forEach(log::info);
        return result;
    }

    private Steps.Done preflight(Doctor.Inputs inputs) {
        List<Check> checks = services.preflight(inputs);
        checks.stream().filter(c -> c.status() == Check.Status.WARN).forEach(c -> log.warn(c.line()));
        List<Check> failed = checks.stream().filter(Check::failed).toList();
        if (!failed.isEmpty()) {
            throw new ConfigurationException("Preflight failed, nothing was deployed:\n"
                    + failed.stream().map(Check::line).collect(Collectors.joining("\n")));
        }
        String account = checks.stream()
                .filter(c -> c.name().equals(Doctor.ACCOUNT_CHECK))
                .map(Check::detail)
                .findFirst()
                .orElse("?");
        return Steps.Done.unchanged("JDK, Maven, Node.js, AWS ok: " + account);
    }

    private Steps.Done bootstrap(StackConfig configured, DeployMethod method) {
        StackResult result = services.bootstrap(configured.qualifier(), method, configured.tags());
        String summary = result.stackName() + " " + result.outcome().label();
        return result.outcome() == StackResult.Outcome.UNCHANGED
                ? Steps.Done.unchanged(summary)
                : Steps.Done.wrote(summary);
    }

    /**
     * Ensures the required secrets. The container gets the provider keys the configuration names (the model's
     * and {@code openclaw.providers}); one that only exists in SSM is named in a warning, never added.
     */
    private Steps.Done secrets(Request request, AppNames names) {
        // the service prints each secret it writes and the restart notices itself
        DeployServices.SecretsOutcome outcome =
                services.secrets(names, request.secrets(), request.secretSources(), log);
        SecretsReport report = outcome.report();
        Set<Secret> providerKeys = request.configured().providerSecrets();
        Set<Secret> unused = EnumSet.noneOf(Secret.class);
        outcome.present().stream()
                .filter(Secret::isProviderKey)
                .filter(k -> !providerKeys.contains(k))
                .forEach(unused::add);
        if (!unused.isEmpty()) {
            log.warn("  " + unused.stream().map(Secret::secretName).collect(Collectors.joining(", "))
                    + " exist(s) in SSM but the" + " container does not get it: add its provider to "
                    + PropertyNames.PROVIDERS + " to hand it to OpenClaw");
        }
        String keys = "; provider keys: "
                + (providerKeys.isEmpty()
                        ? "none"
                        : providerKeys.stream().map(Secret::secretName).collect(Collectors.joining(", ")));
        return report.written() == 0
                ? Steps.Done.unchanged("all present, nothing written" + keys)
                : Steps.Done.wrote(report.written() + " written" + keys);
    }

    private Steps.Done image(Run run) {
        Optional<String> given = run.request.givenImage();
        if (given.isPresent()) {
            run.image = given.get();
            return Steps.Done.unchanged("given: " + given.get());
        }
        PublishedImage image = services.pushImage();
        run.image = image.reference();
        if (!image.pushed()) {
            return Steps.Done.unchanged("already pushed: " + image.reference());
        }
        image.layerLines().forEach(log::info);
        return Steps.Done.wrote("pushed " + image.reference() + " (" + image.uploadedLayers() + " layer(s) uploaded)");
    }

    /** Reuses the assembly of an earlier run when every input is the same (synth is most of a no-op run). */
    private Steps.Done synth(Run run, StackConfig config, Path directory) {
        Optional<String> key = SynthesisKey.of(config);
        if (key.isPresent() && key.equals(SynthesisKey.stored(directory))) {
            run.assembly = directory;
            return Steps.Done.unchanged("inputs unchanged, reused " + directory);
        }
        Synthesizer.Result result = services.synthesize(config, directory);
        key.ifPresent(k -> SynthesisKey.store(result.outDir(), k));
        result.warnings().forEach(log::warn);
        run.assembly = result.outDir();
        return Steps.Done.unchanged(
                result.stacks().size() + " stacks, " + result.assets().size() + " asset(s)");
    }

    private Steps.Done stacks(Run run) {
        DeployReport report = services.deployStacks(run.assembly, run.request.deploy());
        if (!report.succeeded()) {
            throw new DeployException(report.firstFailure()
                            .map(f -> f.stackName() + " failed: " + f.detail())
                            .orElse("Some stacks were not deployed; see the table above")
                    + ". Fix the cause and run " + Goals.command(Goals.DEPLOY)
                    + " again: it continues from where it stopped");
        }
        Map<String, Long> counts = report.stacks().stream()
                .collect(Collectors.groupingBy(r -> r.outcome().label(), TreeMap::new, Collectors.counting()));
        String summary = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        boolean wrote = report.stacks().stream().anyMatch(r -> r.outcome() != StackResult.Outcome.UNCHANGED);
        run.deployed = new Deployed(report, services.outputs(run.names));
        return wrote ? Steps.Done.wrote(summary) : Steps.Done.unchanged(summary);
    }

    private static Steps.Done notInThisRun(ProductStack stack, AppNames names) {
        return Steps.Done.unchanged("skipped: " + stack.stackName(names) + " is not deployed in this run");
    }

    private Steps.Done web(Request request, DeployedOutputs outputs) {
        WebPublisher.Report report = services.publishWeb(request.web(), outputs, request.telegramBotName());
        String summary = report.uploaded().size() + " uploaded, " + report.unchanged() + " unchanged, "
                + report.deleted().size() + " deleted"
                + report.invalidationId().map(id -> ", invalidation " + id).orElse(", no invalidation");
        boolean wrote = !report.uploaded().isEmpty()
                || !report.deleted().isEmpty()
                || report.invalidationId().isPresent();
        return wrote ? Steps.Done.wrote(summary) : Steps.Done.unchanged(summary);
    }

    /** Stops containers still running an older task definition (an older image) and clears their rows. */
    private Steps.Done containers(DeployedOutputs outputs, AppNames names) {
        List<ResetRow> rows = services.resetOutdated(names, outputs);
        List<ResetRow> acted = rows.stream()
                .filter(r -> r.applied() && r.action() != ResetRow.Action.KEEP)
                .toList();
        if (acted.isEmpty()) {
            return Steps.Done.unchanged("none outdated (" + rows.size() + " checked)");
        }
        StateReconciler.table(acted, false).forEach(log::info);
        return Steps.Done.wrote(acted.size() + " outdated container(s) or row(s) cleared");
    }

    private Steps.Done outputsFile(DeployedOutputs outputs, Path file) {
        OutputsFile.write(file, outputs.byStack());
        return Steps.Done.unchanged(outputs.all().size() + " outputs written to " + file);
    }

    /** The web URL first, the outputs, what changed, and the next steps as exact commands. */
    static List<String> summary(Result result, Request request) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        result.outputs().get(OutputKey.WebAppUrl).ifPresent(url -> lines.add("Your OpenClaw web UI: " + url));
        lines.addAll(OutputsFile.table(result.outputs().byStack()));
        lines.add("");
        lines.add(
                result.wroteAnything()
                        ? "Deployed in " + Durations.seconds(result.duration()) + "; changed: "
                                + result.steps().stream()
                                        .filter(StepResult::wrote)
                                        .map(StepResult::name)
                                        .collect(Collectors.joining(", "))
                        : "Nothing changed (no stack, secret, image or web file was written) in "
                                + Durations.seconds(result.duration()));
        lines.add("Next steps:");
        lines.add("  create a user:        " + Goals.command(Goals.USER_CREATE) + " "
                + PropertyNames.flag(PropertyNames.EMAIL) + "=you@example.com");
        if (request.configured().telegram()) {
            lines.add("  register Telegram:    " + Goals.command(Goals.TELEGRAM));
        }
        lines.add("  check the deployment: " + Goals.command(Goals.STATUS));
        return lines;
    }
}
