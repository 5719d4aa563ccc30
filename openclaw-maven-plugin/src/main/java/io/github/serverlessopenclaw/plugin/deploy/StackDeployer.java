package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.report.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackRequest;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Deploys one stack the way the CDK CLI does, minus its slow parts: skip with zero writes when nothing
 * changed; otherwise a change set named for this stack and run (or CreateStack/UpdateStack with the
 * {@code direct} method); an empty change set is deleted and reported as "no changes"; a stack left
 * from a failed create is deleted and created again; a stack that is busy is waited for first.
 */
public final class StackDeployer {
    /** CloudFormation's limit for an inline TemplateBody; larger templates go by S3 URL. */
    static final int MAX_INLINE_TEMPLATE_BYTES = 51_200;

    private static final List<Capability> CAPABILITIES =
            List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND);

    private final RoleClients clients;
    private final DeployOptions options;
    private final DeployLog log;
    private final String runId;
    private final Poller poller;

    public StackDeployer(RoleClients clients, DeployOptions options, DeployLog log, String runId) {
        this.clients = clients;
        this.options = options;
        this.log = log;
        this.runId = runId;
        this.poller = new Poller(options.timeout());
    }

    public StackResult deploy(StackArtifact stack, Placeholders env) {
        Instant started = Instant.now();
        String name = stack.stackName();
        try {
            CloudFormationClient cf = clients.cloudFormation(role(stack.assumeRoleArn(), env), env.region());
            String template = Files.readString(stack.templateFile(), StandardCharsets.UTF_8);
            StackMonitor monitor = new StackMonitor(cf, name, poller, log, started);
            Optional<Stack> existing = settle(cf, stack, env, monitor);
            if (existing.isPresent() && !options.force()) {
                String deployed = cf.getTemplate(b -> b.stackName(name).templateStage(TemplateStage.ORIGINAL))
                        .templateBody();
                SsmClient ssm = clients.ssm(role(stack.assumeRoleArn(), env), env.region());
                Optional<String> reason = SkipCheck.reasonToDeploy(
                        template,
                        deployed,
                        stack.parameters(),
                        stack.tags(),
                        stack.notificationArns(),
                        stack.terminationProtection(),
                        existing.get(),
                        path -> ssmValue(ssm, path));
                if (reason.isEmpty()) {
                    log.info(name + ": unchanged, skipped");
                    return new StackResult(
                            name, StackResult.Outcome.UNCHANGED, elapsed(started), "", outputs(existing.get()));
                }
                log.info(name + ": " + reason.get() + ", deploying");
            }
            Deployment deployment = new Deployment(cf, stack, env, template, existing.isPresent());
            return options.method() == DeployMethod.DIRECT
                    ? deployment.direct(monitor, started)
                    : deployment.changeSet(monitor, started);
        } catch (DeployException e) {
            log.warn(name + ": " + e.getMessage());
            return StackResult.failed(name, elapsed(started), e.getMessage());
        } catch (SdkException e) {
            String reason = errorMessage(e);
            log.warn(name + ": " + reason);
            log.debug(String.valueOf(e));
            return StackResult.failed(name, elapsed(started), reason);
        } catch (IOException e) {
            return StackResult.failed(
                    name, elapsed(started), "cannot read " + stack.templateFile() + ": " + e.getMessage());
        }
    }

    /** Brings an existing stack into a deployable state; empty when there is (now) no stack. */
    private Optional<Stack> settle(
            CloudFormationClient cf, StackArtifact stack, Placeholders env, StackMonitor monitor) {
        String name = stack.stackName();
        Optional<Stack> existing = StackMonitor.describe(cf, name);
        if (existing.isEmpty()) {
            return existing;
        }
        StackState state = StackState.of(existing.get().stackStatusAsString());
        if (state == StackState.IN_PROGRESS) {
            log.info(name + ": is " + existing.get().stackStatusAsString() + ", waiting for it to finish first");
            existing = new StackMonitor(cf, name, poller, DeployLogs.quiet(log), Instant.now())
                    .awaitTerminal(
                            existing.get().stackId(),
                            name + " to leave " + existing.get().stackStatusAsString());
            if (existing.isEmpty()) {
                return existing;
            }
            state = StackState.of(existing.get().stackStatusAsString());
        }
        switch (state) {
            case FAILED_CREATE, REVIEW -> {
                log.info(name + ": is " + existing.get().stackStatusAsString()
                        + " from an earlier create that did not finish; deleting it to create it again");
                String stackId = existing.get().stackId();
                cf.deleteStack(b -> b.stackName(stackId)
                        .roleARN(role(stack.executionRoleArn(), env).orElse(null)));
                Optional<Stack> after = monitor.awaitTerminal(stackId, name + " to be deleted");
                if (after.isPresent()) {
                    throw new DeployException(
                            "could not delete the failed stack (" + after.get().stackStatusAsString() + ": "
                                    + after.get().stackStatusReason() + "); delete it in the CloudFormation console");
                }
                return Optional.empty();
            }
            case BROKEN ->
                throw new DeployException(
                        "is " + existing.get().stackStatusAsString()
                                + ": continue the rollback or delete the stack in the CloudFormation console, then deploy again");
            default -> {
                return existing;
            }
        }
    }

    /** One create or update of one stack. */
    private final class Deployment {
        private final CloudFormationClient cf;
        private final StackArtifact stack;
        private final Placeholders env;
        private final String template;
        private final boolean exists;

        Deployment(CloudFormationClient cf, StackArtifact stack, Placeholders env, String template, boolean exists) {
            this.cf = cf;
            this.stack = stack;
            this.env = env;
            this.template = template;
            this.exists = exists;
        }

        StackResult changeSet(StackMonitor monitor, Instant started) {
            String name = stack.stackName();
            CreateChangeSetRequest request = changeSetRequest(stack, env, template, exists)
                    .changeSetName(changeSetName(name))
                    .description("openclaw-maven-plugin run " + runId)
                    .build();
            String changeSetId = cf.createChangeSet(request).id();
            DescribeChangeSetResponse described = poller.until("change set of " + name, () -> {
                DescribeChangeSetResponse r = cf.describeChangeSet(b -> b.changeSetName(changeSetId));
                return ChangeSetOutcome.of(r.statusAsString(), r.statusReason()) == ChangeSetOutcome.PENDING ? null : r;
            });
            ChangeSetOutcome outcome = ChangeSetOutcome.of(described.statusAsString(), described.statusReason());
            if (outcome != ChangeSetOutcome.READY) {
                cf.deleteChangeSet(b -> b.changeSetName(changeSetId));
                if (outcome == ChangeSetOutcome.EMPTY) {
                    log.info(name + ": no changes");
                    Stack current = StackMonitor.describe(cf, name).orElseThrow();
                    return new StackResult(
                            name, StackResult.Outcome.NO_CHANGES, elapsed(started), "", outputs(current));
                }
                throw new DeployException("the change set failed: " + described.statusReason());
            }
            log.info(name + ": executing change set (" + described.changes().size() + " changes)");
            cf.executeChangeSet(b -> b.changeSetName(changeSetId));
            return follow(monitor, described.stackId(), started);
        }

        StackResult direct(StackMonitor monitor, Instant started) {
            String name = stack.stackName();
            String stackId;
            if (exists) {
                UpdateStackRequest.Builder request = UpdateStackRequest.builder()
                        .stackName(name)
                        .capabilities(CAPABILITIES)
                        .parameters(parameters())
                        .tags(tags())
                        .notificationARNs(stack.notificationArns());
                role(stack.executionRoleArn(), env).ifPresent(request::roleARN);
                templateSource(request::templateBody, request::templateURL);
                try {
                    stackId = cf.updateStack(request.build()).stackId();
                } catch (CloudFormationException e) {
                    if (ChangeSetOutcome.isNoChangeReason(e.getMessage())) {
                        log.info(name + ": no changes");
                        Stack current = StackMonitor.describe(cf, name).orElseThrow();
                        return new StackResult(
                                name, StackResult.Outcome.NO_CHANGES, elapsed(started), "", outputs(current));
                    }
                    throw e;
                }
            } else {
                CreateStackRequest.Builder request = CreateStackRequest.builder()
                        .stackName(name)
                        .capabilities(CAPABILITIES)
                        .parameters(parameters())
                        .tags(tags())
                        .notificationARNs(stack.notificationArns())
                        .enableTerminationProtection(stack.terminationProtection());
                role(stack.executionRoleArn(), env).ifPresent(request::roleARN);
                templateSource(request::templateBody, request::templateURL);
                stackId = cf.createStack(request.build()).stackId();
            }
            return follow(monitor, stackId, started);
        }

        private StackResult follow(StackMonitor monitor, String stackId, Instant started) {
            String name = stack.stackName();
            Stack done = monitor.awaitTerminal(stackId, name + " to finish")
                    .orElseThrow(() -> new DeployException("the stack disappeared while deploying"));
            String status = done.stackStatusAsString();
            if (!StackState.isSuccess(status)) {
                throw new DeployException(
                        status + ": " + FailureSummary.describe(name, monitor.events(), done.stackStatusReason()));
            }
            if (!exists && stack.terminationProtection() && options.method() == DeployMethod.CHANGE_SET) {
                cf.updateTerminationProtection(b -> b.stackName(stackId).enableTerminationProtection(true));
            }
            log.info(name + ": " + status + " in " + Durations.seconds(elapsed(started)));
            return new StackResult(
                    name,
                    exists ? StackResult.Outcome.UPDATED : StackResult.Outcome.CREATED,
                    elapsed(started),
                    "",
                    outputs(done));
        }

        private List<Parameter> parameters() {
            return StackDeployer.parameters(stack);
        }

        private List<Tag> tags() {
            return StackDeployer.tags(stack);
        }

        private void templateSource(Consumer<String> body, Consumer<String> url) {
            StackDeployer.templateSource(stack, env, template, body, url);
        }
    }

    /** The change set a deploy creates for this stack, without its name; diff creates the same one to read it. */
    static CreateChangeSetRequest.Builder changeSetRequest(
            StackArtifact stack, Placeholders env, String template, boolean exists) {
        CreateChangeSetRequest.Builder request = CreateChangeSetRequest.builder()
                .stackName(stack.stackName())
                .changeSetType(exists ? ChangeSetType.UPDATE : ChangeSetType.CREATE)
                .capabilities(CAPABILITIES)
                .parameters(parameters(stack))
                .tags(tags(stack))
                .notificationARNs(stack.notificationArns());
        role(stack.executionRoleArn(), env).ifPresent(request::roleARN);
        templateSource(stack, env, template, request::templateBody, request::templateURL);
        return request;
    }

    private static List<Parameter> parameters(StackArtifact stack) {
        List<Parameter> result = new ArrayList<>();
        stack.parameters()
                .forEach((k, v) -> result.add(
                        Parameter.builder().parameterKey(k).parameterValue(v).build()));
        return result;
    }

    private static List<Tag> tags(StackArtifact stack) {
        List<Tag> result = new ArrayList<>();
        stack.tags().forEach((k, v) -> result.add(Tag.builder().key(k).value(v).build()));
        return result;
    }

    /** Inline when small enough; otherwise the template's own asset in the staging bucket. */
    private static void templateSource(
            StackArtifact stack, Placeholders env, String template, Consumer<String> body, Consumer<String> url) {
        if (template.getBytes(StandardCharsets.UTF_8).length <= MAX_INLINE_TEMPLATE_BYTES) {
            body.accept(template);
            return;
        }
        String objectUrl = stack.templateAssetObjectUrl()
                .map(env::resolve)
                .orElseThrow(() -> new DeployException(
                        "the template is larger than " + MAX_INLINE_TEMPLATE_BYTES + " bytes and the assembly names no"
                                + " template asset to upload it to; synthesize with the DefaultStackSynthesizer"));
        url.accept(httpsUrl(objectUrl, env));
    }

    /** {@code s3://bucket/key} → the path-style HTTPS URL CloudFormation accepts. */
    static String httpsUrl(String s3Url, Placeholders env) {
        if (!s3Url.startsWith("s3://")) {
            return s3Url;
        }
        URI uri = URI.create(s3Url);
        return "https://" + env.s3Host() + "/" + uri.getHost() + uri.getPath();
    }

    /** Unique per stack and run: CloudFormation (and moto) resolve change-set names loosely. */
    String changeSetName(String stackName) {
        String name = ("openclaw-" + stackName + "-" + runId).replaceAll("[^A-Za-z0-9-]", "-");
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    static Optional<String> role(Optional<String> arn, Placeholders env) {
        return arn.map(env::resolve);
    }

    private static Optional<String> ssmValue(SsmClient ssm, String name) {
        try {
            return Optional.ofNullable(
                    ssm.getParameter(b -> b.name(name)).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    static Map<String, String> outputs(Stack stack) {
        Map<String, String> result = new TreeMap<>();
        for (Output output : stack.outputs()) {
            result.put(output.outputKey(), output.outputValue());
        }
        return result;
    }

    /** AWS's own message without the SDK's request-id decoration. */
    static String errorMessage(SdkException e) {
        if (e instanceof AwsServiceException service
                && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    static Duration elapsed(Instant started) {
        return Duration.between(started, Instant.now());
    }
}
