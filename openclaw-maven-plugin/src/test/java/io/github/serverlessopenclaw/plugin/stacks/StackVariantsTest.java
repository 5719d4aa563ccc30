package io.github.serverlessopenclaw.plugin.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two deployments with the defaults (no Telegram, no monitoring, no image yet) under two appNames, one on
 * X86_64 without Spot: what the defaults leave out, and that the two share no physical name.
 */
class StackVariantsTest {

    /** Template properties that are physical names (account- or region-wide unique). */
    private static final Set<String> NAME_PROPERTIES = Set.of(
            "TableName",
            "FunctionName",
            "ClusterName",
            "Family",
            "LogGroupName",
            "Name",
            "UserPoolName",
            "ClientName",
            "DashboardName",
            "BucketName",
            "RoleName",
            "ResponseHeadersPolicyName");

    @TempDir
    static Path work;

    static Templates teamA;
    static Templates teamB;

    @BeforeAll
    static void synthesize() throws Exception {
        Path jar = SynthMeasurement.tinyJar(work.resolve("lambdas.jar"));
        Synthesizer synthesizer = new Synthesizer();
        teamA = new Templates(synthesizer.synthesize(
                StackConfig.builder(new AppNames("team-a"), jar).build(), work.resolve("a")));
        teamB = new Templates(synthesizer.synthesize(
                StackConfig.builder(new AppNames("team-b"), jar)
                        .architecture(Architecture.X86_64)
                        .spot(false)
                        .cpu(2048)
                        .memoryMb(4096)
                        .tags(Map.of("cost-center", "ai-42", "owner", "team b"))
                        .startOnConnect(false)
                        .build(),
                work.resolve("b")));
    }

    @Test
    void defaultsLeaveOutMonitoringTelegramPrewarmAndOptionalKeys() {
        assertThat(teamA.result().stacks())
                .extracting(Synthesizer.SynthesizedStack::artifactId)
                .containsExactly("Network", "Storage", "Auth", "Compute", "Api", "Web");
        String all = teamA.trees().values().toString();
        assertThat(all)
                .doesNotContain("telegram-bot-token")
                .doesNotContain("telegram-webhook-secret")
                .doesNotContain("POST /telegram")
                .doesNotContain("openai-api-key")
                .doesNotContain("prewarm-0");
        assertThat(all).contains("anthropic-api-key");
        // no customer key: the secrets use aws/ssm, whose key policy lets the account's principals decrypt
        assertThat(all).doesNotContain("kms:");
        assertThat(teamA.tree(ProductStack.API).path("Resources").toString())
                .contains("team-a-watchdog")
                .doesNotContain("AWS::Budgets::Budget")
                .doesNotContain("TELEGRAM_ALLOW")
                .contains("\"ThrottlingRateLimit\":10")
                .contains("\"ThrottlingBurstLimit\":20");
    }

    /** The policy documents attached to the role whose logical id starts with {@code rolePrefix}, as one string. */
    private static String grantsOf(Templates templates, String rolePrefix) {
        StringBuilder grants = new StringBuilder();
        templates.tree(ProductStack.API).path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")
                    && resource.path("Properties").path("Roles").toString().contains("\"" + rolePrefix)) {
                grants.append(resource.path("Properties").path("PolicyDocument"));
            }
        });
        assertThat(grants).as("a policy of " + rolePrefix).isNotEmpty();
        return grants.toString();
    }

    /** The environment of the function whose logical id starts with {@code functionPrefix}. */
    private static String environmentOf(Templates templates, String functionPrefix) {
        var resources = templates.tree(ProductStack.API).path("Resources");
        var ids = resources.fieldNames();
        while (ids.hasNext()) {
            String id = ids.next();
            if (id.startsWith(functionPrefix)
                    && resources.path(id).path("Type").asText().equals("AWS::Lambda::Function")) {
                return resources.path(id).path("Properties").path("Environment").toString();
            }
        }
        throw new AssertionError("no function " + functionPrefix);
    }

    @Test
    void theConnectFunctionMayStartTasksOnlyWhenStartOnConnectIsOn() {
        assertThat(environmentOf(teamA, "WsConnectFn")).contains("\"START_ON_CONNECT\":\"true\"");
        assertThat(grantsOf(teamA, "WsConnectFnRole"))
                .contains("ecs:RunTask")
                .contains("iam:PassRole")
                .contains("TaskState");
        // off: the role is what it was before the feature, a connection's two calls
        assertThat(environmentOf(teamB, "WsConnectFn")).contains("\"START_ON_CONNECT\":\"false\"");
        assertThat(grantsOf(teamB, "WsConnectFnRole"))
                .doesNotContain("ecs:")
                .doesNotContain("iam:PassRole")
                .doesNotContain("TaskState")
                .contains("dynamodb:GetItem")
                .contains("dynamodb:PutItem");
    }

    @Test
    void withoutAnImageTheTaskDefinitionUsesTheNamedPlaceholderAndSynthSaysSo() {
        assertThat(teamA.tree(ProductStack.COMPUTE).toString())
                .contains(StackConfig.PLACEHOLDER_IMAGE)
                .doesNotContain("ecr:GetAuthorizationToken");
        assertThat(teamA.result().warnings())
                .singleElement()
                .asString()
                .contains(StackConfig.PLACEHOLDER_IMAGE)
                .contains("openclaw:push-image");
    }

    @Test
    void architectureSpotAndSizeFollowTheConfiguration() {
        String compute = teamB.tree(ProductStack.COMPUTE).toString();
        assertThat(compute)
                .contains("\"CpuArchitecture\":\"X86_64\"")
                .contains("\"Cpu\":\"2048\"")
                .contains("\"Memory\":\"4096\"")
                .contains("{\"CapacityProvider\":\"FARGATE\",\"Weight\":1}");
        String api = teamB.tree(ProductStack.API).toString();
        assertThat(api).contains("\"Architectures\":[\"x86_64\"]").doesNotContain("ECS_CAPACITY_PROVIDER");
    }

    @Test
    void openclawTagsGoOnEveryStackAndOnTheTaggableResources() throws Exception {
        JsonNode manifest =
                new ObjectMapper().readTree(work.resolve("b/manifest.json").toFile());
        for (Synthesizer.SynthesizedStack stack : teamB.result().stacks()) {
            assertThat(manifest.path("artifacts")
                            .path(stack.artifactId())
                            .path("properties")
                            .path("tags")
                            .toString())
                    .as(stack.stackName())
                    .isEqualTo("{\"cost-center\":\"ai-42\",\"owner\":\"team b\"}");
        }
        String storage = teamB.tree(ProductStack.STORAGE).path("Resources").toString();
        String api = teamB.tree(ProductStack.API).path("Resources").toString();
        for (String resources : List.of(storage, api)) {
            assertThat(resources)
                    .contains("{\"Key\":\"cost-center\",\"Value\":\"ai-42\"}")
                    .contains("{\"Key\":\"owner\",\"Value\":\"team b\"}");
        }
        JsonNode teamAManifest =
                new ObjectMapper().readTree(work.resolve("a/manifest.json").toFile());
        assertThat(teamAManifest.toString()).doesNotContain("cost-center");
    }

    @Test
    void twoAppNamesShareNoPhysicalName() {
        Set<String> namesA = physicalNames(teamA);
        Set<String> namesB = physicalNames(teamB);
        assertThat(namesA).hasSizeGreaterThan(30);
        assertThat(namesA).allSatisfy(name -> assertThat(name).contains("team-a"));
        Set<String> shared = new TreeSet<>(namesA);
        shared.retainAll(namesB);
        assertThat(shared).isEmpty();
        Set<String> stackNames = new HashSet<>();
        teamA.result().stacks().forEach(s -> stackNames.add(s.stackName()));
        teamB.result().stacks().forEach(s -> assertThat(stackNames).doesNotContain(s.stackName()));
    }

    /**
     * Literal name properties of every resource (top level, and inside {@code *Config} blocks such as CloudFront's),
     * plus every SSM parameter name read. Alias and authorizer names are scoped to their function or API.
     */
    private static Set<String> physicalNames(Templates templates) {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, JsonNode> resource : templates.allResources()) {
            String type = resource.getValue().path("Type").asText();
            if (type.equals("AWS::Lambda::Alias") || type.equals("AWS::ApiGatewayV2::Authorizer")) {
                continue;
            }
            resource.getValue().path("Properties").fields().forEachRemaining(field -> {
                addName(field.getKey(), field.getValue(), names);
                if (field.getKey().endsWith("Config") && field.getValue().isObject()) {
                    field.getValue()
                            .fields()
                            .forEachRemaining(inner -> addName(inner.getKey(), inner.getValue(), names));
                }
            });
        }
        templates
                .trees()
                .values()
                .forEach(tree -> tree.path("Parameters").fields().forEachRemaining(p -> {
                    if (!p.getKey().equals("BootstrapVersion")) {
                        names.add(p.getValue().path("Default").asText());
                    }
                }));
        return names;
    }

    private static void addName(String property, JsonNode value, Set<String> names) {
        if (NAME_PROPERTIES.contains(property) && value.isTextual()) {
            names.add(value.asText());
        }
    }
}
