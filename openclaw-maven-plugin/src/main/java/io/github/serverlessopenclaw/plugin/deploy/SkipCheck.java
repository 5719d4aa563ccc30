package io.github.serverlessopenclaw.plugin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * Decides, before any CloudFormation write, whether a deployed stack already is what we would deploy:
 * same template (compared as JSON, so whitespace does not matter), same parameters, same tags,
 * notification ARNs and termination protection, and every SSM-typed parameter still resolving to the
 * value the stack was deployed with. The CDK CLI instead always redeploys stacks with SSM parameters
 * (unless marked {@code [cdk:skip]}); comparing the resolved values keeps those stacks skippable.
 */
public final class SkipCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SkipCheck() {}

    /**
     * @param ssmValue current value of an SSM parameter by name, empty when missing
     * @return why the stack must be deployed, or empty when it can be skipped
     */
    public static Optional<String> reasonToDeploy(
            String localTemplate,
            String deployedTemplate,
            Map<String, String> parameters,
            Map<String, String> tags,
            List<String> notificationArns,
            boolean terminationProtection,
            Stack deployed,
            Function<String, Optional<String>> ssmValue) {
        JsonNode local = parse(localTemplate);
        if (local == null || !local.equals(parse(deployedTemplate))) {
            return Optional.of("template changed");
        }
        Map<String, Parameter> current = new TreeMap<>();
        for (Parameter p : deployed.parameters()) {
            current.put(p.parameterKey(), p);
        }
        JsonNode declared = local.path("Parameters");
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> param = it.next();
            String key = param.getKey();
            String wanted = parameters.containsKey(key)
                    ? parameters.get(key)
                    : text(param.getValue().get("Default"));
            Parameter had = current.get(key);
            if (had == null) {
                return Optional.of("parameter " + key + " is new");
            }
            String type = param.getValue().path("Type").asText();
            if (type.startsWith("AWS::SSM::Parameter::Value<")) {
                Optional<String> now = wanted == null ? Optional.empty() : ssmValue.apply(wanted);
                String deployedValue = had.resolvedValue() != null ? had.resolvedValue() : had.parameterValue();
                if (had.resolvedValue() != null && !Objects.equals(had.parameterValue(), wanted)) {
                    return Optional.of("parameter " + key + " now names " + wanted);
                }
                if (now.isEmpty() || !now.get().equals(deployedValue)) {
                    return Optional.of("SSM parameter " + wanted + " (" + key + ") changed");
                }
            } else if (!Objects.equals(wanted, had.parameterValue())) {
                return Optional.of("parameter " + key + " changed");
            }
        }
        Map<String, String> deployedTags = new TreeMap<>();
        for (Tag tag : deployed.tags()) {
            deployedTags.put(tag.key(), tag.value());
        }
        if (!new TreeMap<>(tags).equals(deployedTags)) {
            return Optional.of("tags changed");
        }
        if (!new TreeSet<>(notificationArns).equals(new TreeSet<>(deployed.notificationARNs()))) {
            return Optional.of("notification ARNs changed");
        }
        if (terminationProtection != Boolean.TRUE.equals(deployed.enableTerminationProtection())) {
            return Optional.of("termination protection changed");
        }
        return Optional.empty();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    static JsonNode parse(String template) {
        if (template == null) {
            return null;
        }
        try {
            return JSON.readTree(template);
        } catch (IOException e) {
            return null; // not JSON (YAML from another tool): treat as changed
        }
    }
}
