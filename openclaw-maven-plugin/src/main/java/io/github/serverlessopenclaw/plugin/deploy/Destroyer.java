package io.github.serverlessopenclaw.plugin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.plugin.assembly.CloudAssembly;
import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.report.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Deletes a deployment: stacks in reverse dependency order (independent ones in parallel), after
 * emptying the buckets each stack owns (CloudFormation cannot delete a bucket with objects in it;
 * buckets marked Retain keep their data). The toolkit stack and the secrets stay unless asked.
 */
public final class Destroyer {
    private final AwsClients aws;
    private final DeployLog log;

    public Destroyer(AwsClients aws, DeployLog log) {
        this.aws = aws;
        this.log = log;
    }

    /**
     * @param options stacks (empty = all), concurrency and timeout; method and force are not used
     * @param alsoDelete what else goes when everything goes ({@link Extras#NONE} by default)
     */
    public DeployReport destroy(Path assemblyDir, DeployOptions options, Extras alsoDelete) {
        Instant started = Instant.now();
        CloudAssembly assembly = CloudAssembly.load(assemblyDir);
        List<StackArtifact> stacks = options.stacks().isEmpty()
                ? assembly.stacks()
                : assembly.stacks().stream()
                        .filter(s -> options.stacks().stream().anyMatch(s::isNamedBy))
                        .toList();
        return destroy(stacks, s -> Deployer.dependencies(assembly, s), options, alsoDelete, started);
    }

    /** Destroys stacks by name (no assembly at hand): the list is in deploy order, deleted back to front. */
    public DeployReport destroyByName(List<String> stackNamesInDeployOrder, DeployOptions options, Extras alsoDelete) {
        List<StackArtifact> stacks = new ArrayList<>();
        for (String name : stackNamesInDeployOrder) {
            stacks.add(StackArtifact.standalone(name, Path.of(name), Map.of()));
        }
        return destroy(
                stacks,
                s -> {
                    int index = stacks.indexOf(s);
                    return index == 0 ? List.of() : List.of(stacks.get(index - 1));
                },
                options,
                alsoDelete,
                Instant.now());
    }

    private DeployReport destroy(
            List<StackArtifact> stacks,
            Function<StackArtifact, List<StackArtifact>> dependencies,
            DeployOptions options,
            Extras alsoDelete,
            Instant started) {
        try (RoleClients clients = new RoleClients(aws)) {
            String account = clients.sts().getCallerIdentity().account();
            Poller poller = new Poller(options.timeout());
            DeployPlan<StackArtifact, StackResult> plan =
                    new DeployPlan<StackArtifact, StackResult>(stacks, dependencies::apply).reversed();
            Map<StackArtifact, StackResult> results = plan.run(
                    options.concurrency(),
                    stack -> {
                        Placeholders env = Placeholders.of(
                                stack.account().orElse(account), stack.region().orElse(clients.defaultRegion()));
                        return destroyStack(clients, poller, stack, env);
                    },
                    r -> r.outcome().isSuccess(),
                    s -> new StackResult(s.stackName(), StackResult.Outcome.NOT_STARTED, Duration.ZERO, "", Map.of()));
            List<StackResult> rows = new ArrayList<>(results.values()); // deletion order
            if (rows.stream().allMatch(r -> r.outcome().isSuccess())) {
                rows.addAll(
                        deleteExtras(clients, poller, alsoDelete, Placeholders.of(account, clients.defaultRegion())));
            }
            DeployReport report = new DeployReport(rows, Duration.between(started, Instant.now()));
            report.table().forEach(log::info);
            return report;
        }
    }

    private StackResult destroyStack(RoleClients clients, Poller poller, StackArtifact stack, Placeholders env) {
        Instant started = Instant.now();
        String name = stack.stackName();
        Optional<String> role = StackDeployer.role(stack.assumeRoleArn(), env);
        CloudFormationClient cf = clients.cloudFormation(role, env.region());
        try {
            Optional<Stack> existing = StackMonitor.describe(cf, name);
            if (existing.isEmpty()) {
                log.info(name + ": not deployed");
                return new StackResult(name, StackResult.Outcome.ABSENT, StackDeployer.elapsed(started), "", Map.of());
            }
            StackMonitor monitor = new StackMonitor(cf, name, poller, log, started);
            if (StackState.of(existing.get().stackStatusAsString()) == StackState.IN_PROGRESS) {
                log.info(name + ": is " + existing.get().stackStatusAsString() + ", waiting for it to finish first");
                existing = monitor.awaitTerminal(existing.get().stackId(), name + " to finish");
                if (existing.isEmpty()) {
                    return new StackResult(
                            name, StackResult.Outcome.DELETED, StackDeployer.elapsed(started), "", Map.of());
                }
            }
            String stackId = existing.get().stackId();
            // the caller's credentials, not the toolkit's deploy role: the toolkit is shared by every app in the
            // account and cannot name their buckets; the caller's policy can (docs/iam/deployer-policy.json)
            emptyOwnedBuckets(cf, clients.s3(Optional.empty(), env.region()), stackId, name);
            cf.deleteStack(b -> b.stackName(stackId)
                    .roleARN(StackDeployer.role(stack.executionRoleArn(), env).orElse(null)));
            Optional<Stack> after = monitor.awaitTerminal(stackId, name + " to be deleted");
            if (after.isPresent()) {
                String reason = FailureSummary.describe(
                        name, monitor.events(), after.get().stackStatusReason());
                log.warn(name + ": " + after.get().stackStatusAsString() + ": " + reason);
                return StackResult.failed(
                        name, StackDeployer.elapsed(started), after.get().stackStatusAsString() + ": " + reason);
            }
            log.info(name + ": deleted in " + Durations.seconds(StackDeployer.elapsed(started)));
            return new StackResult(name, StackResult.Outcome.DELETED, StackDeployer.elapsed(started), "", Map.of());
        } catch (SdkException e) {
            String reason = StackDeployer.errorMessage(e);
            log.warn(name + ": " + reason);
            return StackResult.failed(name, StackDeployer.elapsed(started), reason);
        } catch (DeployException e) {
            log.warn(name + ": " + e.getMessage());
            return StackResult.failed(name, StackDeployer.elapsed(started), e.getMessage());
        }
    }

    /** Empties the stack's buckets that CloudFormation will delete (not those marked Retain). */
    private void emptyOwnedBuckets(CloudFormationClient cf, S3Client s3, String stackId, String name) {
        List<StackResourceSummary> buckets = new ArrayList<>();
        cf.listStackResourcesPaginator(b -> b.stackName(stackId)).stackResourceSummaries().stream()
                .filter(r -> "AWS::S3::Bucket".equals(r.resourceType())
                        && r.physicalResourceId() != null
                        && !r.physicalResourceId().isEmpty())
                .forEach(buckets::add);
        if (buckets.isEmpty()) {
            return;
        }
        JsonNode template =
                SkipCheck.parse(cf.getTemplate(b -> b.stackName(stackId).templateStage(TemplateStage.ORIGINAL))
                        .templateBody());
        for (StackResourceSummary bucket : buckets) {
            String policy = template == null
                    ? ""
                    : template.path("Resources")
                            .path(bucket.logicalResourceId())
                            .path("DeletionPolicy")
                            .asText("");
            if (policy.equals("Retain") || policy.equals("RetainExceptOnCreate")) {
                log.info("  " + name + ": bucket " + bucket.physicalResourceId() + " is retained; its objects stay");
                continue;
            }
            int deleted = emptyBucket(s3, bucket.physicalResourceId());
            log.info("  " + name + ": emptied bucket " + bucket.physicalResourceId() + " (" + deleted + " objects)");
        }
    }

    /** Deletes every object version and delete marker; returns how many. */
    static int emptyBucket(S3Client s3, String bucket) {
        int count = 0;
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (var page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket))) {
                page.versions()
                        .forEach(v -> batch.add(ObjectIdentifier.builder()
                                .key(v.key())
                                .versionId(v.versionId())
                                .build()));
                page.deleteMarkers()
                        .forEach(m -> batch.add(ObjectIdentifier.builder()
                                .key(m.key())
                                .versionId(m.versionId())
                                .build()));
                while (batch.size() >= 1000) {
                    count += deleteBatch(s3, bucket, new ArrayList<>(batch.subList(0, 1000)));
                    batch.subList(0, 1000).clear();
                }
            }
            if (!batch.isEmpty()) {
                count += deleteBatch(s3, bucket, batch);
            }
        } catch (NoSuchBucketException e) {
            return count;
        }
        return count;
    }

    /** DeleteObjects answers 200 even when it deleted nothing; a refused key is an error, or the stack delete fails later. */
    private static int deleteBatch(S3Client s3, String bucket, List<ObjectIdentifier> objects) {
        var response = s3.deleteObjects(
                b -> b.bucket(bucket).delete(d -> d.objects(objects).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new DeployException("could not empty bucket " + bucket + ": " + first.key() + ": " + first.code()
                    + " " + first.message() + " (" + response.errors().size() + " object(s) refused)");
        }
        return objects.size();
    }

    /** The toolkit (with its retained bucket and repository) and the deployment's secrets. */
    public record Extras(Optional<String> toolkitQualifier, Optional<String> secretsPath) {
        public static final Extras NONE = new Extras(Optional.empty(), Optional.empty());
    }

    private List<StackResult> deleteExtras(RoleClients clients, Poller poller, Extras extras, Placeholders env) {
        List<StackResult> rows = new ArrayList<>();
        extras.secretsPath().ifPresent(path -> {
            Instant started = Instant.now();
            SsmClient ssm = clients.ssm(Optional.empty(), env.region());
            List<String> names = new ArrayList<>();
            for (var page : ssm.getParametersByPathPaginator(b -> b.path(path).recursive(true))) {
                page.parameters().stream().map(Parameter::name).forEach(names::add);
            }
            for (int i = 0; i < names.size(); i += 10) {
                List<String> chunk = names.subList(i, Math.min(names.size(), i + 10));
                ssm.deleteParameters(b -> b.names(chunk));
            }
            log.info("Deleted " + names.size() + " secret parameter(s) under " + path);
            rows.add(new StackResult(
                    "secrets " + path, StackResult.Outcome.DELETED, StackDeployer.elapsed(started), "", Map.of()));
        });
        extras.toolkitQualifier().ifPresent(qualifier -> {
            String toolkit = Bootstrapper.toolkitStackName(qualifier);
            StackArtifact stack = StackArtifact.standalone(toolkit, Path.of(toolkit), Map.of());
            StackResult result = destroyStack(clients, poller, stack, env);
            rows.add(result);
            if (result.outcome().isSuccess()) {
                // retained by the toolkit's DeletionPolicy; "everything" means these too
                String bucket = Bootstrapper.stagingBucket(qualifier, env.account(), env.region());
                S3Client s3 = clients.s3(Optional.empty(), env.region());
                emptyBucket(s3, bucket);
                try {
                    s3.deleteBucket(b -> b.bucket(bucket));
                } catch (NoSuchBucketException e) {
                    // already gone
                }
                String repository = Bootstrapper.containerAssetsRepository(qualifier, env.account(), env.region());
                try {
                    clients.ecr(Optional.empty(), env.region())
                            .deleteRepository(b -> b.repositoryName(repository).force(true));
                } catch (RepositoryNotFoundException e) {
                    // already gone
                }
                log.info("Deleted the toolkit's bucket " + bucket + " and repository " + repository);
            }
        });
        return rows;
    }
}
