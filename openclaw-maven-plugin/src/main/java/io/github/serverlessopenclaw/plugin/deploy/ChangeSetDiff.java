package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.assembly.Placeholders;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.ResourceTargetDefinition;

/**
 * What CloudFormation itself says a deploy would change: the deploy's own change set (same template,
 * parameters, tags and execution role) is created, read page by page with {@code IncludePropertyValues},
 * and always deleted afterwards, together with the REVIEW_IN_PROGRESS stack a CREATE change set leaves
 * for a stack that did not exist. A shutdown hook does the same if the build is stopped (Ctrl-C) in between.
 */
final class ChangeSetDiff {
    /** A value longer than this is not printed (policies, whole documents): the path says enough. */
    private static final int MAX_SHOWN_VALUE = 60;

    /** @param empty CloudFormation found nothing to change ("didn't contain changes") */
    record Result(List<TemplateDiff.ResourceChange> changes, boolean empty) {}

    private ChangeSetDiff() {}

    /** @param state the stack's state now: ABSENT or REVIEW get a CREATE change set, STABLE an UPDATE one */
    static Result read(
            CloudFormationClient cf,
            StackArtifact stack,
            Placeholders env,
            String template,
            StackState state,
            Poller poller,
            DeployLog log) {
        String name = stack.stackName();
        CreateChangeSetResponse created =
                cf.createChangeSet(StackDeployer.changeSetRequest(stack, env, template, state == StackState.STABLE)
                        .changeSetName(changeSetName(name))
                        .description("openclaw:diff (read, then deleted)")
                        .build());
        Cleanup cleanup =
                new Cleanup(cf, name, created.id(), state == StackState.ABSENT ? created.stackId() : null, log);
        Thread hook = new Thread(cleanup::run, "openclaw-diff-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DescribeChangeSetResponse first = poller.until("the change set of " + name, () -> {
                DescribeChangeSetResponse r =
                        cf.describeChangeSet(b -> b.changeSetName(created.id()).includePropertyValues(true));
                return ChangeSetOutcome.of(r.statusAsString(), r.statusReason()) == ChangeSetOutcome.PENDING ? null : r;
            });
            switch (ChangeSetOutcome.of(first.statusAsString(), first.statusReason())) {
                case EMPTY -> {
                    return new Result(List.of(), true);
                }
                case READY -> {
                    List<Change> all = new ArrayList<>(first.changes());
                    String token = first.nextToken();
                    while (token != null) {
                        String page = token;
                        DescribeChangeSetResponse next = cf.describeChangeSet(b -> b.changeSetName(created.id())
                                .includePropertyValues(true)
                                .nextToken(page));
                        all.addAll(next.changes());
                        token = next.nextToken();
                    }
                    return new Result(
                            all.stream()
                                    .filter(c -> c.resourceChange() != null)
                                    .map(c -> change(c.resourceChange()))
                                    .toList(),
                            false);
                }
                default -> throw new DeployException("the change set failed: " + first.statusReason());
            }
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) the same cleanup, which does its work once
            }
        }
    }

    /** One change set entry in the local diff's shape, so both print and count alike. */
    static TemplateDiff.ResourceChange change(ResourceChange rc) {
        TemplateDiff.Kind kind = switch (String.valueOf(rc.actionAsString())) {
            case "Add", "Import" -> TemplateDiff.Kind.ADDED;
            case "Remove" -> TemplateDiff.Kind.REMOVED;
            default ->
                switch (String.valueOf(rc.replacementAsString())) {
                    case "True" -> TemplateDiff.Kind.REPLACED;
                    case "Conditional" -> TemplateDiff.Kind.REPLACED_CONDITIONALLY;
                    default -> TemplateDiff.Kind.MODIFIED;
                };
        };
        Set<String> paths = new LinkedHashSet<>();
        Set<String> names = new TreeSet<>();
        for (ResourceChangeDetail detail : rc.details()) {
            ResourceTargetDefinition target = detail.target();
            if (target == null) {
                continue;
            }
            if (target.name() != null) {
                names.add(target.name());
            }
            paths.add(path(target));
        }
        if ("Dynamic".equals(rc.actionAsString())) {
            paths.add("(decided while deploying)");
        }
        return new TemplateDiff.ResourceChange(
                rc.logicalResourceId(),
                rc.resourceType(),
                kind,
                List.copyOf(paths),
                TemplateDiff.isSecurity(rc.resourceType(), names));
    }

    /** {@code /Properties/MemorySize: 512 → 1024 (replaces)}; the path only when IncludePropertyValues gave none. */
    private static String path(ResourceTargetDefinition target) {
        String path = target.path() != null
                ? target.path()
                : target.name() != null
                        ? "/" + target.attributeAsString() + "/" + target.name()
                        : "/" + target.attributeAsString();
        String values = "";
        if (target.beforeValue() != null
                && target.afterValue() != null
                && target.beforeValue().length() <= MAX_SHOWN_VALUE
                && target.afterValue().length() <= MAX_SHOWN_VALUE) {
            values = ": " + target.beforeValue() + " → " + target.afterValue();
        }
        String recreation = switch (String.valueOf(target.requiresRecreationAsString())) {
            case "Always" -> " (replaces)";
            case "Conditionally" -> " (may replace)";
            default -> "";
        };
        return path + values + recreation;
    }

    /** Unique per run: CloudFormation (and moto) resolve change-set names loosely; [a-zA-Z][-a-zA-Z0-9]*, ≤ 128. */
    static String changeSetName(String stackName) {
        String name = ("openclaw-diff-" + stackName).replaceAll("[^A-Za-z0-9-]", "-");
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
        return (name.length() > 128 - suffix.length() ? name.substring(0, 128 - suffix.length()) : name) + suffix;
    }

    /** Deletes the change set, and the stack when the change set created it; once, from the reader or the shutdown hook. */
    private static final class Cleanup {
        private final CloudFormationClient cf;
        private final String stackName;
        private final String changeSetId;
        private final String createdStackId;
        private final DeployLog log;
        private boolean done;

        Cleanup(CloudFormationClient cf, String stackName, String changeSetId, String createdStackId, DeployLog log) {
            this.cf = cf;
            this.stackName = stackName;
            this.changeSetId = changeSetId;
            this.createdStackId = createdStackId;
            this.log = log;
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            try {
                cf.deleteChangeSet(b -> b.changeSetName(changeSetId));
            } catch (SdkException e) {
                log.warn(stackName + ": could not delete the change set " + changeSetId + " ("
                        + StackDeployer.errorMessage(e) + "); delete it in the CloudFormation console");
            }
            if (createdStackId == null) {
                return;
            }
            try {
                // a CREATE change set made an empty REVIEW_IN_PROGRESS stack; deploy would otherwise find it there
                cf.deleteStack(b -> b.stackName(createdStackId));
            } catch (SdkException e) {
                log.warn(
                        stackName + ": could not delete the empty stack " + createdStackId + " the change set created ("
                                + StackDeployer.errorMessage(e) + "); delete it in the CloudFormation console");
            }
        }
    }
}
