package io.github.serverlessopenclaw.plugin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.plugin.assembly.AssetManifest;
import io.github.serverlessopenclaw.plugin.assembly.CloudAssembly;
import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * Per stack of a cloud assembly: what a deploy would change. By default CloudFormation says it, through a
 * change set that is read and deleted ({@link ChangeSetDiff}); where no change set can be made (a stack in a
 * state that takes none, or a change set refused, e.g. for lack of permission) the deployed template is
 * compared with the local one ({@link TemplateDiff}), and each stack's line says which of the two ran.
 */
public final class Differ {
    private static final Duration CHANGE_SET_TIMEOUT = Duration.ofMinutes(10);

    private final AwsClients aws;
    private final DeployLog log;

    public Differ(AwsClients aws, DeployLog log) {
        this.aws = aws;
        this.log = log;
    }

    /** Who computed a stack's diff. */
    public enum Source {
        CHANGE_SET("CloudFormation change set"),
        TEMPLATES("local template comparison");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record StackDiff(
            String stackName,
            boolean deployed,
            List<TemplateDiff.ResourceChange> changes,
            boolean otherChanges,
            Source source) {
        /** Whether a deploy would change this stack at all: a new stack, a resource, or outputs/parameters/metadata. */
        public boolean anyChange() {
            return !deployed || !changes.isEmpty() || otherChanges;
        }

        public boolean hasSecurityChanges() {
            return changes.stream().anyMatch(TemplateDiff.ResourceChange::security);
        }
    }

    public List<StackDiff> diff(Path assemblyDir, Set<String> stackNames) {
        CloudAssembly assembly = CloudAssembly.load(assemblyDir);
        assembly.warnings().forEach(log::warn);
        List<StackDiff> diffs = new ArrayList<>();
        Poller poller = new Poller(CHANGE_SET_TIMEOUT);
        try (RoleClients clients = new RoleClients(aws);
                AssetPublisher assets = new AssetPublisher(clients, log, 1)) {
            String account = clients.sts().getCallerIdentity().account();
            for (StackArtifact stack : Deployer.select(assembly, stackNames, true)) {
                Placeholders env = Placeholders.of(
                        stack.account().orElse(account), stack.region().orElse(clients.defaultRegion()));
                CloudFormationClient cf =
                        clients.cloudFormation(StackDeployer.role(stack.assumeRoleArn(), env), env.region());
                String template = read(stack.templateFile());
                Optional<Stack> existing = StackMonitor.describe(cf, stack.stackName());
                StackState state = existing.map(s -> StackState.of(s.stackStatusAsString()))
                        .orElse(StackState.ABSENT);
                StackDiff diff;
                if (state == StackState.ABSENT || state == StackState.REVIEW || state == StackState.STABLE) {
                    try {
                        uploadLargeTemplate(assembly, stack, template, env, assets);
                        ChangeSetDiff.Result result = ChangeSetDiff.read(cf, stack, env, template, state, poller, log);
                        boolean deployed = state == StackState.STABLE;
                        diff = new StackDiff(
                                stack.stackName(),
                                deployed,
                                result.changes(),
                                deployed && !result.empty() && result.changes().isEmpty(),
                                Source.CHANGE_SET);
                    } catch (SdkException | DeployException e) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw e;
                        }
                        log.warn(stack.stackName() + ": CloudFormation made no change set ("
                                + (e instanceof SdkException sdk ? StackDeployer.errorMessage(sdk) : e.getMessage())
                                + "); comparing the deployed template with the local one instead");
                        diff = templateDiff(
                                cf, stack.stackName(), template, existing.filter(s -> state != StackState.REVIEW));
                    }
                } else {
                    log.info(stack.stackName() + ": is " + existing.get().stackStatusAsString()
                            + ", which takes no change set; comparing the deployed template with the local one");
                    diff = templateDiff(cf, stack.stackName(), template, existing);
                }
                print(diff);
                diffs.add(diff);
            }
        }
        return diffs;
    }

    /**
     * A template over CloudFormation's inline limit reaches the change set by URL, so it must be in the staging
     * bucket: its own asset (content-addressed, the object the deploy uploads too) is published, as cdk diff does.
     */
    private static void uploadLargeTemplate(
            CloudAssembly assembly, StackArtifact stack, String template, Placeholders env, AssetPublisher assets) {
        if (template.getBytes(StandardCharsets.UTF_8).length <= StackDeployer.MAX_INLINE_TEMPLATE_BYTES) {
            return;
        }
        for (String id : stack.assetManifests()) {
            AssetManifest manifest = assembly.assetManifest(id);
            List<AssetManifest.FileAsset> own = manifest.files().stream()
                    .filter(f -> f.source()
                            .toAbsolutePath()
                            .normalize()
                            .equals(stack.templateFile().toAbsolutePath().normalize()))
                    .toList();
            if (!own.isEmpty()) {
                assets.publish(new AssetManifest(manifest.id(), own, List.of()), env);
            }
        }
    }

    /** Read-only: DescribeStacks and GetTemplate. */
    private static StackDiff templateDiff(
            CloudFormationClient cf, String stackName, String template, Optional<Stack> existing) {
        JsonNode local = SkipCheck.parse(template);
        JsonNode deployed = existing.isEmpty()
                ? null
                : SkipCheck.parse(cf.getTemplate(b -> b.stackName(stackName).templateStage(TemplateStage.ORIGINAL))
                        .templateBody());
        List<TemplateDiff.ResourceChange> changes = TemplateDiff.compare(deployed, local);
        boolean other = deployed != null && changes.isEmpty() && !deployed.equals(local);
        return new StackDiff(stackName, existing.isPresent(), changes, other, Source.TEMPLATES);
    }

    private void print(StackDiff diff) {
        String header = diff.stackName() + (diff.deployed() ? "" : " (new stack)");
        String source = " [" + diff.source().label() + "]";
        if (diff.changes().isEmpty()) {
            log.info(header + ": "
                    + (diff.otherChanges()
                            ? "outputs, parameters, tags or metadata change; no resource changes"
                            : "no differences")
                    + source);
            return;
        }
        log.info(header + ": " + diff.changes().size() + " resource change(s)"
                + (diff.hasSecurityChanges() ? " — includes IAM/security changes, review them" : "") + source);
        diff.changes().forEach(c -> log.info("  " + c.line()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
