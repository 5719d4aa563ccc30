package io.github.serverlessopenclaw.plugin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.plugin.assembly.CloudAssembly;
import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** Per stack of a cloud assembly: what a deploy would change, read-only (DescribeStacks and GetTemplate). */
public final class Differ {
    private final AwsClients aws;
    private final DeployLog log;

    public Differ(AwsClients aws, DeployLog log) {
        this.aws = aws;
        this.log = log;
    }

    public record StackDiff(String stackName, boolean deployed, List<TemplateDiff.ResourceChange> changes, boolean otherChanges) {
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
        try (RoleClients clients = new RoleClients(aws)) {
            String account = clients.sts().getCallerIdentity().account();
            for (StackArtifact stack : Deployer.select(assembly, stackNames, true)) {
                Placeholders env = Placeholders.of(stack.account().orElse(account), stack.region().orElse(clients.defaultRegion()));
                CloudFormationClient cf = clients.cloudFormation(StackDeployer.role(stack.assumeRoleArn(), env), env.region());
                JsonNode local = SkipCheck.parse(read(stack.templateFile()));
                Optional<Stack> existing = StackMonitor.describe(cf, stack.stackName())
                        .filter(s -> StackState.of(s.stackStatusAsString()) != StackState.REVIEW);
                JsonNode deployed = existing.isEmpty() ? null : SkipCheck.parse(
                        cf.getTemplate(b -> b.stackName(stack.stackName()).templateStage(TemplateStage.ORIGINAL)).templateBody());
                List<TemplateDiff.ResourceChange> changes = TemplateDiff.compare(deployed, local);
                boolean other = deployed != null && changes.isEmpty() && !deployed.equals(local);
                StackDiff diff = new StackDiff(stack.stackName(), existing.isPresent(), changes, other);
                print(diff);
                diffs.add(diff);
            }
        }
        return diffs;
    }

    private void print(StackDiff diff) {
        String header = diff.stackName() + (diff.deployed() ? "" : " (new stack)");
        if (diff.changes().isEmpty()) {
            log.info(header + ": " + (diff.otherChanges() ? "outputs, parameters or metadata change; no resource changes" : "no differences"));
            return;
        }
        log.info(header + ": " + diff.changes().size() + " resource change(s)"
                + (diff.hasSecurityChanges() ? " — includes IAM/security changes, review them" : ""));
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
