package io.github.serverlessopenclaw.plugin.outputs;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The outputs of one deployment's stacks as deployed, read from CloudFormation (never typed by hand,
 * never another deployment's). Stacks that do not exist contribute nothing.
 */
public final class DeployedOutputs {
    private final AppNames names;
    private final Map<String, String> values;
    private final Map<String, Map<String, String>> byStack;

    public DeployedOutputs(AppNames names, Map<String, String> values) {
        this(names, values, Map.of());
    }

    private DeployedOutputs(AppNames names, Map<String, String> values, Map<String, Map<String, String>> byStack) {
        this.names = names;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.byStack = Collections.unmodifiableMap(new LinkedHashMap<>(byStack));
    }

    /** Reads them with a short-lived CloudFormation client. */
    public static DeployedOutputs read(AwsClients clients, AppNames names) {
        try (CloudFormationClient cloudFormation = clients.create(CloudFormationClient.builder())) {
            return read(cloudFormation, names);
        }
    }

    public static DeployedOutputs read(CloudFormationClient cloudFormation, AppNames names) {
        return read(
                cloudFormation,
                names,
                Arrays.stream(ProductStack.values())
                        .map(s -> s.stackName(names))
                        .toList());
    }

    /** The outputs of the named stacks (those of a cloud assembly, for example); missing stacks give nothing. */
    public static DeployedOutputs read(CloudFormationClient cloudFormation, AppNames names, List<String> stackNames) {
        Map<String, String> values = new TreeMap<>();
        Map<String, Map<String, String>> byStack = new LinkedHashMap<>();
        for (String stackName : stackNames) {
            describe(cloudFormation, stackName).ifPresent(s -> {
                Map<String, String> stackOutputs = new TreeMap<>();
                for (Output output : s.outputs()) {
                    values.put(output.outputKey(), output.outputValue());
                    stackOutputs.put(output.outputKey(), output.outputValue());
                }
                if (!stackOutputs.isEmpty()) {
                    byStack.put(stackName, Collections.unmodifiableMap(stackOutputs));
                }
            });
        }
        return new DeployedOutputs(names, values, byStack);
    }

    /** One stack as deployed, or empty when it does not exist. */
    public static Optional<Stack> describe(CloudFormationClient cloudFormation, String stackName) {
        try {
            return cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().stream()
                    .findFirst();
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Optional<String> get(OutputKey key) {
        return Optional.ofNullable(values.get(key.name()));
    }

    /** The value, or a failure that tells the user to deploy first. */
    public String require(OutputKey key) {
        return get(key).orElseThrow(() ->
                new ConfigurationException("The deployment '" + names.appName() + "' has no output " + key + ": run "
                        + Goals.command(Goals.DEPLOY) + " first (with the same appName and region)"));
    }

    /** Outputs by stack name (stacks with outputs only), in the order they were read. */
    public Map<String, Map<String, String>> byStack() {
        return byStack;
    }

    /** Every output by key, sorted. */
    public Map<String, String> all() {
        return values;
    }
}
