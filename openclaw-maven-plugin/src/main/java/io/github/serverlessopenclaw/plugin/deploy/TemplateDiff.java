package io.github.serverlessopenclaw.plugin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What deploying a template over another would do to its resources, computed locally from the two
 * templates (no change set, no write): added, modified, replaced (a property that CloudFormation can only
 * change by replacing the resource, for the types our stacks use), removed; IAM, policy and security-group
 * changes are flagged.
 */
public final class TemplateDiff {

    /** REPLACED_CONDITIONALLY only comes from a change set (Replacement "Conditional"): AWS decides at deploy time. */
    public enum Kind {
        ADDED,
        MODIFIED,
        REPLACED,
        REPLACED_CONDITIONALLY,
        REMOVED
    }

    public record ResourceChange(String logicalId, String type, Kind kind, List<String> properties, boolean security) {
        /** One console line, e.g. {@code [~] Role (AWS::IAM::Role) AssumeRolePolicyDocument  ⚠ security}. */
        public String line() {
            String symbol = switch (kind) {
                case ADDED -> "[+]";
                case MODIFIED -> "[~]";
                case REPLACED -> "[-/+]";
                case REPLACED_CONDITIONALLY -> "[~?]";
                case REMOVED -> "[-]";
            };
            return symbol + " " + logicalId + " (" + type + ")"
                    + (properties.isEmpty() ? "" : " " + String.join(", ", properties))
                    + (kind == Kind.REPLACED
                            ? "  (replaced)"
                            : kind == Kind.REPLACED_CONDITIONALLY ? "  (may be replaced)" : "")
                    + (security ? "  [security]" : "");
        }
    }

    /** Properties whose change replaces the resource (CloudFormation's "Update requires: Replacement"). */
    private static final Map<String, Set<String>> REPLACING = Map.ofEntries(
            Map.entry("AWS::S3::Bucket", Set.of("BucketName")),
            Map.entry("AWS::DynamoDB::Table", Set.of("TableName", "KeySchema")),
            Map.entry("AWS::Lambda::Function", Set.of("FunctionName", "PackageType")),
            Map.entry("AWS::IAM::Role", Set.of("RoleName", "Path")),
            Map.entry("AWS::ECS::Cluster", Set.of("ClusterName")),
            Map.entry("AWS::Logs::LogGroup", Set.of("LogGroupName")),
            Map.entry("AWS::ECR::Repository", Set.of("RepositoryName")),
            Map.entry("AWS::SSM::Parameter", Set.of("Name")),
            Map.entry("AWS::EC2::VPC", Set.of("CidrBlock", "InstanceTenancy")),
            Map.entry("AWS::EC2::Subnet", Set.of("CidrBlock", "AvailabilityZone", "VpcId")),
            Map.entry("AWS::EC2::SecurityGroup", Set.of("GroupDescription", "GroupName", "VpcId")),
            Map.entry("AWS::Cognito::UserPool", Set.of("UsernameAttributes", "AliasAttributes", "Schema")),
            Map.entry("AWS::Cognito::UserPoolClient", Set.of("GenerateSecret", "UserPoolId")),
            Map.entry("AWS::ApiGatewayV2::Api", Set.of("ProtocolType")),
            Map.entry("AWS::ApiGatewayV2::Stage", Set.of("StageName", "ApiId")),
            Map.entry("AWS::Events::Rule", Set.of("Name")));
    /** Types that are immutable: any change replaces them. */
    private static final Set<String> IMMUTABLE = Set.of("AWS::ECS::TaskDefinition", "AWS::Lambda::Version");

    private static final Set<String> SECURITY_PROPERTIES = Set.of(
            "Policies",
            "PolicyDocument",
            "AssumeRolePolicyDocument",
            "ManagedPolicyArns",
            "SecurityGroupIngress",
            "SecurityGroupEgress",
            "RepositoryPolicyText",
            "KeyPolicy");

    private TemplateDiff() {}

    /** @param deployed the deployed template (or missing/empty for a new stack) */
    public static List<ResourceChange> compare(JsonNode deployed, JsonNode local) {
        JsonNode oldResources = deployed == null ? MissingNode.getInstance() : deployed.path("Resources");
        JsonNode newResources = local.path("Resources");
        List<ResourceChange> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = newResources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String id = entry.getKey();
            JsonNode now = entry.getValue();
            String type = now.path("Type").asText();
            JsonNode before = oldResources.path(id);
            if (before.isMissingNode()) {
                changes.add(new ResourceChange(id, type, Kind.ADDED, List.of(), isSecurity(type, propertyNames(now))));
                continue;
            }
            if (before.equals(now)) {
                continue;
            }
            if (!before.path("Type").asText().equals(type)) {
                changes.add(new ResourceChange(id, type, Kind.REPLACED, List.of("Type"), isSecurity(type, Set.of())));
                continue;
            }
            List<String> changed = changedProperties(before.path("Properties"), now.path("Properties"));
            boolean replaces = IMMUTABLE.contains(type) && !changed.isEmpty()
                    || changed.stream()
                            .anyMatch(
                                    p -> REPLACING.getOrDefault(type, Set.of()).contains(p));
            changes.add(new ResourceChange(
                    id,
                    type,
                    replaces ? Kind.REPLACED : Kind.MODIFIED,
                    changed,
                    isSecurity(type, new TreeSet<>(changed))));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = oldResources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (newResources.path(entry.getKey()).isMissingNode()) {
                String type = entry.getValue().path("Type").asText();
                changes.add(
                        new ResourceChange(entry.getKey(), type, Kind.REMOVED, List.of(), isSecurity(type, Set.of())));
            }
        }
        return changes;
    }

    private static List<String> changedProperties(JsonNode before, JsonNode now) {
        Set<String> names = new TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        now.fieldNames().forEachRemaining(names::add);
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!before.path(name).equals(now.path(name))) {
                changed.add(name);
            }
        }
        return changed;
    }

    private static Set<String> propertyNames(JsonNode resource) {
        Set<String> names = new TreeSet<>();
        resource.path("Properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    static boolean isSecurity(String type, Set<String> properties) {
        return type.startsWith("AWS::IAM::")
                || type.startsWith("AWS::EC2::SecurityGroup")
                || type.equals("AWS::Lambda::Permission")
                || type.endsWith("::BucketPolicy")
                || type.equals("AWS::KMS::Key")
                || properties.stream().anyMatch(SECURITY_PROPERTIES::contains);
    }
}
