package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.assembly.CloudAssembly;
import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Deploys an existing cloud assembly: checks the bootstrap version each stack needs, then, in
 * dependency order with independent stacks in parallel, publishes each stack's assets and deploys it.
 * A plain service: the deploy goal and the full pipeline call {@link #deploy(Path, DeployOptions)}.
 */
public final class Deployer {
    private final AwsClients aws;
    private final DeployLog log;

    public Deployer(AwsClients aws, DeployLog log) {
        this.aws = aws;
        this.log = log;
    }

    public DeployReport deploy(Path assemblyDir, DeployOptions options) {
        Instant started = Instant.now();
        CloudAssembly assembly = CloudAssembly.load(assemblyDir);
        assembly.warnings().forEach(log::warn);
        List<StackArtifact> stacks = select(assembly, options.stacks(), !options.exclusively());
        if (stacks.isEmpty()) {
            throw new ConfigurationException("The cloud assembly at " + assemblyDir + " has no stacks to deploy");
        }
        String runId = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(started) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        try (RoleClients clients = new RoleClients(aws);
                AssetPublisher assets = new AssetPublisher(clients, log, 4)) {
            String callerAccount = clients.sts().getCallerIdentity().account();
            Map<StackArtifact, Placeholders> environments = new HashMap<>();
            for (StackArtifact stack : stacks) {
                environments.put(
                        stack,
                        Placeholders.of(
                                stack.account().orElse(callerAccount),
                                stack.region().orElse(clients.defaultRegion())));
            }
            checkBootstrap(clients, stacks, environments);
            StackDeployer deployer = new StackDeployer(clients, options, log, runId);
            DeployPlan<StackArtifact, StackResult> plan = new DeployPlan<>(stacks, s -> dependencies(assembly, s));
            log.info("Deploying " + stacks.size() + " stack(s) from " + assemblyDir + " ("
                    + options.method().name().toLowerCase().replace('_', '-') + ", up to " + options.concurrency()
                    + " at a time)");
            Map<StackArtifact, StackResult> results = plan.run(
                    options.concurrency(),
                    stack -> {
                        Placeholders env = environments.get(stack);
                        try {
                            for (String manifest : stack.assetManifests()) {
                                assets.publish(assembly.assetManifest(manifest), env);
                            }
                        } catch (DeployException | SdkException e) {
                            log.warn(stack.stackName() + ": " + e.getMessage());
                            return StackResult.failed(stack.stackName(), Duration.ZERO, e.getMessage());
                        }
                        return deployer.deploy(stack, env);
                    },
                    r -> r.outcome().isSuccess(),
                    stack -> new StackResult(
                            stack.stackName(), StackResult.Outcome.NOT_STARTED, Duration.ZERO, "", Map.of()));
            DeployReport report =
                    new DeployReport(new ArrayList<>(results.values()), Duration.between(started, Instant.now()));
            report.table().forEach(log::info);
            return report;
        }
    }

    /** The named stacks (plus everything they depend on), in manifest order; all stacks when none is named. */
    static List<StackArtifact> select(CloudAssembly assembly, Set<String> names, boolean withDependencies) {
        if (names.isEmpty()) {
            return assembly.stacks();
        }
        Set<StackArtifact> wanted = new LinkedHashSet<>();
        List<StackArtifact> queue = new ArrayList<>();
        for (String name : names) {
            queue.add(assembly.stack(name)
                    .orElseThrow(() ->
                            new ConfigurationException("No stack named " + name + " in the cloud assembly; it has: "
                                    + assembly.stacks().stream()
                                            .map(StackArtifact::stackName)
                                            .toList())));
        }
        while (!queue.isEmpty()) {
            StackArtifact next = queue.remove(0);
            if (wanted.add(next) && withDependencies) {
                queue.addAll(dependencies(assembly, next));
            }
        }
        return assembly.stacks().stream().filter(wanted::contains).toList();
    }

    static List<StackArtifact> dependencies(CloudAssembly assembly, StackArtifact stack) {
        List<StackArtifact> result = new ArrayList<>();
        for (String id : stack.dependencies()) {
            assembly.stacks().stream()
                    .filter(s -> s.id().equals(id))
                    .findFirst()
                    .ifPresent(result::add);
        }
        return result;
    }

    /** Fails before any deployment when a stack needs a bootstrap version the environment does not have. */
    private void checkBootstrap(
            RoleClients clients, List<StackArtifact> stacks, Map<StackArtifact, Placeholders> environments) {
        Map<String, Integer> found = new HashMap<>();
        for (StackArtifact stack : stacks) {
            if (stack.requiresBootstrapStackVersion().isEmpty()
                    || stack.bootstrapStackVersionSsmParameter().isEmpty()) {
                continue;
            }
            Placeholders env = environments.get(stack);
            String parameter =
                    env.resolve(stack.bootstrapStackVersionSsmParameter().get());
            String key = env.region() + "|" + parameter;
            Integer version = found.computeIfAbsent(key, k -> readVersion(clients, stack, env, parameter));
            int required = stack.requiresBootstrapStackVersion().get();
            if (version < required) {
                throw new ConfigurationException(
                        version == 0
                                ? "The environment " + env.account() + "/" + env.region() + " is not bootstrapped ("
                                        + parameter + " is missing), which " + stack.stackName() + " needs: run "
                                        + Goals.command(Goals.BOOTSTRAP) + " first"
                                : stack.stackName() + " needs bootstrap version " + required + " but " + parameter
                                        + " is " + version + ": run " + Goals.command(Goals.BOOTSTRAP)
                                        + " to upgrade the toolkit stack");
            }
        }
    }

    private static int readVersion(RoleClients clients, StackArtifact stack, Placeholders env, String parameter) {
        try {
            return Bootstrapper.readVersion(clients.ssm(Optional.empty(), env.region()), parameter)
                    .orElse(0);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(
                    parameter + " does not hold a version number: run " + Goals.command(Goals.BOOTSTRAP));
        }
    }
}
