package io.github.serverlessopenclaw.plugin.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.testing.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Every stack synthesized once, for real, with a configuration that turns everything on (Telegram, an extra
 * provider key, two prewarm schedules, monitoring, an image digest); then the essentials of each template.
 */
class StackTemplatesTest {

    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openclaw/agent@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final AppNames NAMES = new AppNames("oc-full");
    static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    static Path work;

    static Templates synthesized;

    @BeforeAll
    static void synthesize() throws Exception {
        StackConfig config = StackConfig.builder(NAMES, SynthMeasurement.tinyJar(work.resolve("lambdas.jar")))
                .telegram(true)
                .optionalSecrets(Set.of(Secret.OPENAI_API_KEY))
                .prewarmSchedules(List.of("0 9 ? * MON-FRI *", "0 14 ? * SAT-SUN *"))
                .monitoring(true)
                .image(IMAGE)
                .priceClass(StackConfig.PriceClass.PRICE_CLASS_200)
                .telegramAllow(List.of("123456789"))
                .throttleRate(15)
                .throttleBurst(30)
                .maxContainers(3)
                .budgetAlarm(new java.math.BigDecimal("25.50"), "owner@example.com")
                .idleTimeoutMinutes(45)
                .kmsKeyId(KMS_KEY)
                .build();
        synthesized = new Templates(new Synthesizer().synthesize(config, work.resolve("cdk.out")));
    }

    @Test
    void allSevenStacksAreNamedFromTheAppNameAndOrderedByWhatTheyRead() {
        Map<String, Synthesizer.SynthesizedStack> byId = new java.util.HashMap<>();
        synthesized.result().stacks().forEach(s -> byId.put(s.artifactId(), s));
        assertThat(byId).hasSize(ProductStack.values().length);
        for (ProductStack stack : ProductStack.values()) {
            assertThat(byId.get(stack.id()).stackName()).isEqualTo("oc-full-" + stack.id());
            assertThat(byId.get(stack.id()).resourceCount()).isPositive();
        }
        assertThat(byId.get("Compute").dependsOn()).containsExactly("Storage");
        assertThat(byId.get("Api").dependsOn()).containsExactlyInAnyOrder("Network", "Auth", "Compute");
        assertThat(byId.get("Web").dependsOn()).containsExactly("Api");
        assertThat(byId.get("Network").dependsOn()).isEmpty();
        assertThat(synthesized.result().warnings()).isEmpty();
    }

    @Test
    void usesTheBootstrapContractOfTheConfiguredQualifier() {
        JsonNode api = Templates.read(synthesized.result().outDir().resolve("Api.assets.json"));
        assertThat(api.toString())
                .contains("cdk-openclaw-assets-${AWS::AccountId}-${AWS::Region}")
                .contains("cdk-openclaw-file-publishing-role");
        assertThat(synthesized
                        .tree(ProductStack.API)
                        .path("Parameters")
                        .path("BootstrapVersion")
                        .path("Default")
                        .asText())
                .isEqualTo("/cdk-bootstrap/openclaw/version");
        assertThat(synthesized.result().assets()).anySatisfy(asset -> {
            assertThat(asset.stackName()).isEqualTo("oc-full-Api");
            assertThat(asset.source().getFileName().toString()).endsWith(".jar");
            assertThat(asset.packaging()).isEqualTo("file");
        });
    }

    @Test
    void noCustomResourcesNoExportsAndNoLambdaBeyondTheSevenHandlers() {
        for (Map.Entry<String, JsonNode> resource : synthesized.allResources()) {
            String type = resource.getValue().path("Type").asText();
            assertThat(type)
                    .as(resource.getKey())
                    .doesNotStartWith("Custom::")
                    .isNotEqualTo("AWS::CloudFormation::CustomResource");
        }
        long functions = synthesized.allResources().stream()
                .filter(r -> r.getValue().path("Type").asText().equals("AWS::Lambda::Function"))
                .count();
        assertThat(functions).isEqualTo(Handler.values().length);
        synthesized.trees().forEach((stack, tree) -> {
            assertThat(tree.toString()).as(stack).doesNotContain("Fn::ImportValue");
            tree.path("Outputs")
                    .forEach(
                            output -> assertThat(output.has("Export")).as(stack).isFalse());
        });
    }

    @Test
    void crossStackValuesTravelThroughSharedSsmParametersThatAProducerWrites() {
        Set<String> written = new HashSet<>();
        Set<String> read = new HashSet<>();
        synthesized.trees().forEach((stack, tree) -> {
            tree.path("Resources").forEach(r -> {
                if (r.path("Type").asText().equals("AWS::SSM::Parameter")) {
                    written.add(r.path("Properties").path("Name").asText());
                }
            });
            tree.path("Parameters").fields().forEachRemaining(p -> {
                if (p.getValue().path("Type").asText().equals("AWS::SSM::Parameter::Value<String>")
                        && !p.getKey().equals("BootstrapVersion")) {
                    read.add(p.getValue().path("Default").asText());
                }
            });
        });
        assertThat(read).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("/oc-full/shared/"));
        assertThat(written).containsAll(read);
        for (SharedValue value : SharedValue.values()) {
            assertThat(written).contains(NAMES.sharedParameter(value.key()));
        }
    }

    @Test
    void everyRequiredOutputExists() {
        Set<String> outputs = new HashSet<>();
        synthesized
                .trees()
                .values()
                .forEach(tree -> tree.path("Outputs").fieldNames().forEachRemaining(outputs::add));
        for (OutputKey key : OutputKey.values()) {
            assertThat(outputs).contains(key.name());
        }
    }

    @Test
    void networkHasTwoPublicSubnetsNoNatAndGatewayEndpoints() {
        Template network = synthesized.template(ProductStack.NETWORK);
        network.resourceCountIs("AWS::EC2::VPC", 1);
        network.resourceCountIs("AWS::EC2::Subnet", 2);
        network.resourceCountIs("AWS::EC2::NatGateway", 0);
        network.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
        network.hasResourceProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", true));
        network.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Match.objectLike(Map.of(
                        "SecurityGroupIngress",
                        List.of(Match.objectLike(Map.of(
                                "FromPort",
                                Constants.BRIDGE_PORT,
                                "ToPort",
                                Constants.BRIDGE_PORT,
                                "IpProtocol",
                                "tcp"))))));
    }

    @Test
    void storageHasTheFiveTablesWithTtlAndRecoveryOnConversations() {
        Template storage = synthesized.template(ProductStack.STORAGE);
        storage.resourceCountIs("AWS::DynamoDB::Table", 5);
        for (Table table : Table.values()) {
            storage.hasResourceProperties(
                    "AWS::DynamoDB::Table",
                    Match.objectLike(Map.of(
                            "TableName", NAMES.table(table),
                            "BillingMode", "PAY_PER_REQUEST",
                            "TimeToLiveSpecification", Map.of("AttributeName", Constants.TTL, "Enabled", true))));
        }
        storage.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Match.objectLike(Map.of(
                        "TableName", NAMES.table(Table.CONVERSATIONS),
                        "KeySchema",
                                List.of(
                                        Map.of("AttributeName", "PK", "KeyType", "HASH"),
                                        Map.of("AttributeName", "SK", "KeyType", "RANGE")),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))));
        storage.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Match.objectLike(Map.of(
                        "TableName", NAMES.table(Table.CONNECTIONS),
                        "GlobalSecondaryIndexes",
                                List.of(Match.objectLike(Map.of("IndexName", Constants.CONNECTIONS_BY_USER_INDEX))))));
        storage.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Match.objectLike(Map.of(
                        "TableName", NAMES.table(Table.TASK_STATE),
                        "KeySchema", List.of(Map.of("AttributeName", "PK", "KeyType", "HASH")))));
        storage.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "PublicAccessBlockConfiguration",
                        Map.of(
                                "BlockPublicAcls",
                                true,
                                "BlockPublicPolicy",
                                true,
                                "IgnorePublicAcls",
                                true,
                                "RestrictPublicBuckets",
                                true))));
        storage.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void authHasAnSrpClientWithoutSecretAndNoSelfSignUp() {
        Template auth = synthesized.template(ProductStack.AUTH);
        auth.hasResourceProperties(
                "AWS::Cognito::UserPool",
                Match.objectLike(Map.of(
                        "UserPoolName", NAMES.userPool(),
                        "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true),
                        "UsernameAttributes", List.of("email"),
                        "Policies",
                                Map.of(
                                        "PasswordPolicy",
                                        Match.objectLike(Map.of(
                                                "MinimumLength", 8, "RequireSymbols", true, "RequireUppercase", true))),
                        // the web UI has no TOTP flow: MFA off, no second factor a user could enable and be locked out
                        // by
                        "MfaConfiguration", "OFF",
                        "EnabledMfas", Match.absent())));
        auth.hasResourceProperties(
                "AWS::Cognito::UserPoolClient",
                Match.objectLike(Map.of(
                        "ClientName", NAMES.userPoolClient(),
                        "GenerateSecret", false,
                        "ExplicitAuthFlows", List.of("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))));
    }

    @Test
    void computeRunsTheImageByDigestOnArmWithOnlyTheConfiguredProviderKeys() {
        Template compute = synthesized.template(ProductStack.COMPUTE);
        compute.hasResourceProperties(
                "AWS::ECS::Cluster",
                Match.objectLike(Map.of(
                        "ClusterName", NAMES.cluster(),
                        "CapacityProviders", List.of("FARGATE", "FARGATE_SPOT"),
                        "DefaultCapacityProviderStrategy",
                                List.of(Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", 1)))));
        compute.hasResourceProperties(
                "AWS::Logs::LogGroup", Map.of("LogGroupName", NAMES.containerLogGroup(), "RetentionInDays", 7));
        compute.hasResourceProperties(
                "AWS::ECS::TaskDefinition",
                Match.objectLike(Map.of(
                        "Family",
                        NAMES.taskFamily(),
                        "Cpu",
                        "1024",
                        "Memory",
                        "2048",
                        "NetworkMode",
                        "awsvpc",
                        "RequiresCompatibilities",
                        List.of("FARGATE"),
                        "RuntimePlatform",
                        Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"))));

        JsonNode container = onlyResource(ProductStack.COMPUTE, "AWS::ECS::TaskDefinition")
                .path("Properties")
                .path("ContainerDefinitions")
                .get(0);
        assertThat(container.path("Name").asText()).isEqualTo(Constants.CONTAINER_NAME);
        assertThat(container.path("Image").asText()).isEqualTo(IMAGE);
        assertThat(container.path("PortMappings").get(0).path("ContainerPort").asInt())
                .isEqualTo(Constants.BRIDGE_PORT);
        List<String> secretNames = new ArrayList<>();
        container.path("Secrets").forEach(s -> secretNames.add(s.path("Name").asText()));
        assertThat(secretNames).containsExactlyInAnyOrder("ANTHROPIC_API_KEY", "OPENAI_API_KEY");
        assertThat(container.path("Secrets").toString())
                .contains("parameter/oc-full/secrets/anthropic-api-key")
                .doesNotContain("gemini")
                .doesNotContain("openrouter");
        Map<String, String> environment = environment(container.path("Environment"));
        assertThat(environment)
                .doesNotContainKey("BRIDGE_AUTH_TOKEN_PARAMETER") // each container makes its own token
                .containsEntry(Env.TELEGRAM_BOT_TOKEN_PARAMETER, "/oc-full/secrets/telegram-bot-token")
                .containsEntry(Table.TASK_STATE.envVar(), NAMES.table(Table.TASK_STATE))
                .containsEntry(Env.OPENCLAW_MODEL, StackConfig.DEFAULT_MODEL)
                .containsKey(Env.DATA_BUCKET);
        assertThat(container.path("LogConfiguration").path("LogDriver").asText())
                .isEqualTo("awslogs");
        // the execution role may pull exactly the image's repository
        assertThat(synthesized.tree(ProductStack.COMPUTE).toString())
                .contains(":ecr:eu-west-1:123456789012:repository/openclaw/agent");
    }

    @Test
    void apiHasSevenSnapStartFunctionsWhoseTriggersAllUseTheAlias() {
        Template api = synthesized.template(ProductStack.API);
        api.resourceCountIs("AWS::Lambda::Function", Handler.values().length);
        api.resourceCountIs("AWS::Lambda::Alias", Handler.values().length);
        for (Handler handler : Handler.values()) {
            api.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Match.objectLike(Map.of(
                            "FunctionName", handler.functionName(NAMES),
                            "Handler", handler.handlerString(),
                            "Runtime", Handler.RUNTIME,
                            "MemorySize", handler.memoryMb(),
                            "Timeout", handler.timeoutSeconds(),
                            "Architectures", List.of("arm64"),
                            "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                            // JSON: the handlers log through Lambda's logger, one object per line with level and
                            // request id
                            "LoggingConfig", Map.of("LogGroup", Match.anyValue(), "LogFormat", "JSON"))));
            api.hasResourceProperties(
                    "AWS::Logs::LogGroup",
                    Map.of("LogGroupName", NAMES.functionLogGroup(handler.suffix()), "RetentionInDays", 7));
        }
        api.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", Constants.LAMBDA_ALIAS)));

        for (JsonNode function : resources(ProductStack.API, "AWS::Lambda::Function")) {
            Map<String, String> environment = new java.util.HashMap<>();
            function.path("Properties")
                    .path("Environment")
                    .path("Variables")
                    .fields()
                    .forEachRemaining(e -> environment.put(
                            e.getKey(),
                            e.getValue().isTextual()
                                    ? e.getValue().asText()
                                    : e.getValue().toString()));
            assertThat(environment)
                    .containsEntry(Env.TASK_FAMILY, NAMES.taskFamily())
                    .containsEntry(Env.CLUSTER, NAMES.cluster())
                    .containsEntry(Env.CAPACITY_PROVIDER, "FARGATE_SPOT")
                    .containsEntry(Table.CONNECTIONS.envVar(), NAMES.table(Table.CONNECTIONS))
                    .containsKeys(Env.SUBNET_IDS, Env.SECURITY_GROUP_IDS, Env.WEBSOCKET_CALLBACK_URL, Env.USER_POOL_ID);
            assertThat(environment.toString()).doesNotContain("task-definition/");
        }
        // every integration and every rule target is an alias, never the unpublished $LATEST
        Set<String> aliasIds = resourceIds(ProductStack.API, "AWS::Lambda::Alias");
        List<JsonNode> integrations = resources(ProductStack.API, "AWS::ApiGatewayV2::Integration");
        assertThat(integrations).hasSize(9);
        for (JsonNode integration : integrations) {
            assertThat(refs(integration.path("Properties").path("IntegrationUri")))
                    .hasSize(1)
                    .isSubsetOf(aliasIds);
        }
        for (JsonNode rule : resources(ProductStack.API, "AWS::Events::Rule")) {
            assertThat(refs(rule.path("Properties").path("Targets"))).hasSize(1).isSubsetOf(aliasIds);
        }
    }

    @Test
    void apisRoutesAuthorizerAndSchedules() {
        Template api = synthesized.template(ProductStack.API);
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Api",
                Match.objectLike(Map.of("Name", NAMES.webSocketApi(), "ProtocolType", "WEBSOCKET")));
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of("StageName", "prod", "AutoDeploy", true)));
        for (String route : List.of("$connect", "$disconnect", "$default")) {
            api.hasResourceProperties("AWS::ApiGatewayV2::Route", Match.objectLike(Map.of("RouteKey", route)));
        }
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Authorizer",
                Match.objectLike(
                        Map.of("AuthorizerType", "JWT", "IdentitySource", List.of("$request.header.Authorization"))));
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Route",
                Match.objectLike(Map.of("RouteKey", "GET /conversations", "AuthorizationType", "JWT")));
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Route",
                Match.objectLike(Map.of("RouteKey", "POST /link/generate-otp", "AuthorizationType", "JWT")));
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Route",
                Match.objectLike(Map.of("RouteKey", "POST /telegram", "AuthorizationType", "NONE")));
        api.hasResourceProperties(
                "AWS::Events::Rule",
                Match.objectLike(
                        Map.of("Name", NAMES.rule("watchdog"), "ScheduleExpression", Handler.WATCHDOG_SCHEDULE)));
        api.hasResourceProperties(
                "AWS::Events::Rule",
                Match.objectLike(
                        Map.of("Name", NAMES.rule("prewarm-1"), "ScheduleExpression", "cron(0 14 ? * SAT-SUN *)")));
        api.resourceCountIs("AWS::Events::Rule", 3);
    }

    @Test
    void bothApiStagesAreThrottledAndTheLimitsReachTheFunctions() {
        Template api = synthesized.template(ProductStack.API);
        Map<String, Object> throttle = Map.of("ThrottlingRateLimit", 15, "ThrottlingBurstLimit", 30);
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Match.objectLike(Map.of("StageName", "prod", "DefaultRouteSettings", Match.objectLike(throttle))));
        api.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Match.objectLike(Map.of("StageName", "$default", "DefaultRouteSettings", Match.objectLike(throttle))));
        List<JsonNode> stages = resources(ProductStack.API, "AWS::ApiGatewayV2::Stage");
        assertThat(stages)
                .hasSize(2)
                .allSatisfy(stage -> assertThat(stage.path("Properties")
                                .path("DefaultRouteSettings")
                                .path("ThrottlingRateLimit")
                                .asInt())
                        .isEqualTo(15));
        for (JsonNode function : resources(ProductStack.API, "AWS::Lambda::Function")) {
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            assertThat(variables.path(Env.MESSAGES_PER_MINUTE).asText()).isEqualTo("30");
            assertThat(variables.path(Env.MAX_CONTAINERS).asText()).isEqualTo("3");
            assertThat(variables.path(Env.TELEGRAM_ALLOW).asText()).isEqualTo("123456789");
        }
    }

    @Test
    void budgetAlarmIsAMonthlyCostBudgetThatEmailsTheOwner() {
        JsonNode budget = onlyResource(ProductStack.API, "AWS::Budgets::Budget").path("Properties");
        assertThat(budget.path("Budget").toString())
                .isEqualTo("{\"BudgetLimit\":{\"Amount\":25.5,\"Unit\":\"USD\"},"
                        + "\"BudgetName\":\"oc-full-monthly\",\"BudgetType\":\"COST\",\"TimeUnit\":\"MONTHLY\"}");
        JsonNode notifications = budget.path("NotificationsWithSubscribers");
        assertThat(notifications).hasSize(3);
        List<String> kinds = new ArrayList<>();
        for (JsonNode notification : notifications) {
            JsonNode n = notification.path("Notification");
            kinds.add(n.path("NotificationType").asText() + " "
                    + n.path("ComparisonOperator").asText() + " "
                    + n.path("Threshold").asInt() + n.path("ThresholdType").asText());
            assertThat(notification.path("Subscribers").toString())
                    .isEqualTo("[{\"Address\":\"owner@example.com\",\"SubscriptionType\":\"EMAIL\"}]");
        }
        assertThat(kinds)
                .containsExactly(
                        "ACTUAL GREATER_THAN 80PERCENTAGE",
                        "ACTUAL GREATER_THAN 100PERCENTAGE",
                        "FORECASTED GREATER_THAN 100PERCENTAGE");
        synthesized.result().stacks().forEach(stack -> {
            if (!stack.artifactId().equals("Api")) {
                assertThat(resources(ProductStack.valueOf(stack.artifactId().toUpperCase()), "AWS::Budgets::Budget"))
                        .isEmpty();
            }
        });
    }

    @Test
    void iamHasNoWildcardActionAndWildcardResourcesOnlyWhereAwsOffersNoResourceLevelPermission() {
        // The actions that have no resource-level permission in IAM (documented where they are granted).
        Set<String> allowedOnStar = Set.of("ecr:GetAuthorizationToken", "ec2:DescribeNetworkInterfaces");
        int statements = 0;
        for (Map.Entry<String, JsonNode> resource : synthesized.allResources()) {
            if (!resource.getValue().path("Type").asText().equals("AWS::IAM::Policy")) {
                continue;
            }
            for (JsonNode statement : resource.getValue()
                    .path("Properties")
                    .path("PolicyDocument")
                    .path("Statement")) {
                statements++;
                List<String> actions = strings(statement.path("Action"));
                assertThat(actions).as(resource.getKey()).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                if (strings(statement.path("Resource")).contains("*")) {
                    assertThat(allowedOnStar)
                            .as(resource.getKey() + " " + statement)
                            .containsAll(actions);
                }
            }
        }
        assertThat(statements).isGreaterThan(20);
        assertThat(synthesized.tree(ProductStack.API).toString())
                .doesNotContain("AWSLambdaBasicExecutionRole")
                .contains("iam:PassedToService");
    }

    /** The actions (with their resources, as template text) granted to each role of a stack, by role logical id. */
    private static Map<String, String> grantsByRole(ProductStack stack) {
        Map<String, String> grants = new java.util.TreeMap<>();
        synthesized.tree(stack).path("Resources").fields().forEachRemaining(resource -> {
            if (!resource.getValue().path("Type").asText().equals("AWS::IAM::Policy")) {
                return;
            }
            for (JsonNode role : resource.getValue().path("Properties").path("Roles")) {
                String id = role.has("Ref") ? role.path("Ref").asText() : "imported task role";
                grants.merge(
                        id,
                        resource.getValue()
                                .path("Properties")
                                .path("PolicyDocument")
                                .toString(),
                        String::concat);
            }
        });
        return grants;
    }

    private static String grantsOf(ProductStack stack, String rolePrefix) {
        return grantsByRole(stack).entrySet().stream()
                .filter(e -> e.getKey().startsWith(rolePrefix))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no policy for " + rolePrefix + " in "
                        + grantsByRole(stack).keySet()));
    }

    @Test
    void eachRoleHoldsOnlyWhatItsCodeCalls() {
        // the full proof (grants == calls, role by role, on the strict moto) is role-tests' GrantsEqualCallsTest
        String api = grantsOf(ProductStack.API, "ApiHandlerFnRole");
        assertThat(api)
                .doesNotContain("ecs:")
                .doesNotContain("iam:PassRole")
                .doesNotContain("ssm:")
                .doesNotContain("execute-api")
                .doesNotContain("PendingMessages");
        for (String scheduled : List.of("WatchdogFnRole", "PrewarmFnRole")) {
            assertThat(grantsOf(ProductStack.API, scheduled))
                    .as(scheduled)
                    .doesNotContain("bridge-auth-token")
                    .doesNotContain("execute-api:ManageConnections")
                    .doesNotContain("Connections");
        }
        assertThat(grantsOf(ProductStack.API, "PrewarmFnRole"))
                .doesNotContain("Settings")
                .doesNotContain("PendingMessages");
        // the watchdog admits users waiting at the container cap: it starts their tasks
        assertThat(grantsOf(ProductStack.API, "WatchdogFnRole"))
                .contains("ecs:RunTask")
                .contains("iam:PassRole");
        // the connect starts the user's container (openclaw.startOnConnect, on by default), nothing else of ECS
        assertThat(grantsOf(ProductStack.API, "WsConnectFnRole"))
                .contains("dynamodb:PutItem")
                .contains("ecs:RunTask")
                .doesNotContain("ecs:DescribeTasks")
                .doesNotContain("PendingMessages")
                .doesNotContain("Settings")
                .doesNotContain("execute-api");
        assertThat(grantsOf(ProductStack.API, "TelegramWebhookFnRole"))
                .doesNotContain("execute-api:ManageConnections")
                .contains("telegram-webhook-secret")
                .contains("ecs:RunTask");
        assertThat(grantsByRole(ProductStack.API).values())
                .allSatisfy(grants -> assertThat(grants)
                        .doesNotContain("/index/")
                        .doesNotContain("BatchWriteItem")
                        .doesNotContain("ConditionCheckItem"));

        String task = grantsOf(ProductStack.COMPUTE, "TaskRole");
        assertThat(task)
                .doesNotContain("ecs:DescribeTasks")
                .doesNotContain("s3:DeleteObject")
                .doesNotContain("Settings")
                .doesNotContain("Connections")
                .contains("workspaces/*");
        assertThat(grantsOf(ProductStack.API, "imported task role")).contains("execute-api:ManageConnections");
    }

    @Test
    void secretsAreReadOnlyByNameAndOnlyTheEnabledOnes() {
        String api = synthesized.tree(ProductStack.API).toString();
        assertThat(api)
                .contains("parameter/oc-full/secrets/telegram-webhook-secret")
                .doesNotContain("bridge-auth-token") // no shared bridge secret
                .doesNotContain("gemini-api-key");
        synthesized
                .trees()
                .forEach((stack, tree) -> assertThat(tree.toString())
                        .as(stack)
                        .doesNotContain("ssm-secure")
                        .doesNotContain("SecureString"));
    }

    @Test
    void withACustomerKeyEveryRoleThatReadsSecretsMayDecryptWithItOnlyThroughSsm() {
        // every role holding an SSM read of a secret, and only those, holds the scoped kms:Decrypt
        Set<String> secretReaders = new HashSet<>();
        Set<String> decrypters = new HashSet<>();
        for (Map.Entry<String, JsonNode> resource : synthesized.allResources()) {
            if (!resource.getValue().path("Type").asText().equals("AWS::IAM::Policy")) {
                continue;
            }
            String roles = resource.getValue().path("Properties").path("Roles").toString();
            for (JsonNode statement : resource.getValue()
                    .path("Properties")
                    .path("PolicyDocument")
                    .path("Statement")) {
                List<String> actions = strings(statement.path("Action"));
                if (actions.stream().anyMatch(a -> a.startsWith("ssm:GetParameter"))
                        && statement.path("Resource").toString().contains("secrets/")) {
                    secretReaders.add(roles);
                }
                if (actions.contains("kms:Decrypt")) {
                    decrypters.add(roles);
                    assertThat(actions).containsExactly("kms:Decrypt");
                    assertThat(statement.path("Resource").asText()).isEqualTo(KMS_KEY);
                    assertThat(statement.path("Condition").toString())
                            .isEqualTo(
                                    "{\"StringEquals\":{\"kms:ViaService\":"
                                            + "{\"Fn::Join\":[\"\",[\"ssm.\",{\"Ref\":\"AWS::Region\"},\".\",{\"Ref\":\"AWS::URLSuffix\"}]]}}}");
                }
            }
        }
        // the Telegram webhook (Api), the task role and the execution role (Compute); the Lambdas that call the
        // bridge read its per-container token from TaskState, no secret
        assertThat(secretReaders).hasSize(3);
        assertThat(decrypters).isEqualTo(secretReaders);
        assertThat(synthesized.tree(ProductStack.COMPUTE).toString())
                .contains("ExecutionRole")
                .contains("kms:Decrypt");
    }

    @Test
    void theContainerGetsTheConfiguredIdleTimeoutAsTheWatchdogDoes() {
        JsonNode container = onlyResource(ProductStack.COMPUTE, "AWS::ECS::TaskDefinition")
                .path("Properties")
                .path("ContainerDefinitions")
                .get(0);
        assertThat(environment(container.path("Environment"))).containsEntry(Env.IDLE_TIMEOUT_MINUTES, "45");
        for (JsonNode function : resources(ProductStack.API, "AWS::Lambda::Function")) {
            assertThat(function.path("Properties")
                            .path("Environment")
                            .path("Variables")
                            .path(Env.IDLE_TIMEOUT_MINUTES)
                            .asText())
                    .isEqualTo("45");
        }
    }

    @Test
    void webServesAPrivateBucketThroughCloudFrontWithSpaFallbackAndSecurityHeaders() {
        Template web = synthesized.template(ProductStack.WEB);
        web.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        web.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Match.objectLike(Map.of(
                        "DistributionConfig",
                        Match.objectLike(Map.of(
                                "DefaultRootObject", "index.html",
                                "HttpVersion", "http2and3",
                                "PriceClass", "PriceClass_200",
                                "CustomErrorResponses",
                                        List.of(
                                                Map.of(
                                                        "ErrorCode",
                                                        403,
                                                        "ResponseCode",
                                                        200,
                                                        "ResponsePagePath",
                                                        "/index.html",
                                                        "ErrorCachingMinTTL",
                                                        0),
                                                Map.of(
                                                        "ErrorCode",
                                                        404,
                                                        "ResponseCode",
                                                        200,
                                                        "ResponsePagePath",
                                                        "/index.html",
                                                        "ErrorCachingMinTTL",
                                                        0)),
                                "DefaultCacheBehavior",
                                        Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https")))))));
        web.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(
                        Map.of("PublicAccessBlockConfiguration", Match.objectLike(Map.of("BlockPublicPolicy", true)))));
        JsonNode headers = onlyResource(ProductStack.WEB, "AWS::CloudFront::ResponseHeadersPolicy")
                .path("Properties")
                .path("ResponseHeadersPolicyConfig")
                .path("SecurityHeadersConfig");
        assertThat(headers.path("StrictTransportSecurity")
                        .path("AccessControlMaxAgeSec")
                        .asInt())
                .isEqualTo(31536000);
        assertThat(headers.path("FrameOptions").path("FrameOption").asText()).isEqualTo("DENY");
        assertThat(headers.path("ContentTypeOptions").path("Override").asBoolean())
                .isTrue();
        String csp = headers.path("ContentSecurityPolicy").toString();
        assertThat(csp)
                .contains("connect-src 'self' ")
                .contains("https://cognito-idp.")
                .contains("frame-ancestors 'none'")
                .contains("SsmParameterValueocfullsharedapihttpapiurl")
                .contains("SsmParameterValueocfullsharedapiwebsocketurl");
        String bucketPolicy =
                resources(ProductStack.WEB, "AWS::S3::BucketPolicy").get(0).toString();
        assertThat(bucketPolicy)
                .contains("cloudfront.amazonaws.com")
                .contains("AWS:SourceArn")
                .contains("aws:SecureTransport");
    }

    @Test
    void monitoringIsADashboardOnly() {
        Template monitoring = synthesized.template(ProductStack.MONITORING);
        monitoring.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        monitoring.hasResourceProperties(
                "AWS::CloudWatch::Dashboard",
                Map.of("DashboardName", NAMES.dashboard(), "DashboardBody", Match.anyValue()));
    }

    /**
     * Each series of the runtimes' namespace on the dashboard is a catalogued metric with exactly the dimensions its
     * emitters write (the appName, then its own: MessageLatency and FirstResponseTime once per channel). CloudWatch
     * matches a series only on the full dimension set, so one missing dimension is an empty graph.
     */
    @Test
    void theDashboardGraphsWhatTheRuntimesEmit() throws Exception {
        JsonNode body = onlyResource(ProductStack.MONITORING, "AWS::CloudWatch::Dashboard")
                .path("Properties")
                .path("DashboardBody");
        StringBuilder text = new StringBuilder();
        if (body.isTextual()) {
            text.append(body.asText());
        } else { // {"Fn::Join": ["", [parts]]}: the region is a token
            for (JsonNode part : body.path("Fn::Join").get(1)) {
                text.append(part.isTextual() ? part.asText() : "us-east-1");
            }
        }
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text.toString());
        Set<String> series = new HashSet<>();
        for (JsonNode widget : dashboard.path("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                if (!metric.get(0).asText().equals(Constants.METRICS_NAMESPACE)) {
                    continue;
                }
                io.github.serverlessopenclaw.common.RuntimeMetric catalogued = java.util.Arrays.stream(
                                io.github.serverlessopenclaw.common.RuntimeMetric.values())
                        .filter(m -> m.metricName().equals(metric.get(1).asText()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("not in the catalogue: " + metric));
                List<String> dimensions = new ArrayList<>();
                Map<String, String> values = new java.util.LinkedHashMap<>();
                for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
                    dimensions.add(metric.get(i).asText());
                    values.put(metric.get(i).asText(), metric.get(i + 1).asText());
                }
                List<String> expected =
                        new ArrayList<>(List.of(io.github.serverlessopenclaw.common.RuntimeMetric.APP_NAME));
                expected.addAll(catalogued.dimensionNames());
                assertThat(dimensions).as(metric.toString()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(values.get(io.github.serverlessopenclaw.common.RuntimeMetric.APP_NAME))
                        .isEqualTo(NAMES.appName());
                series.add(catalogued.metricName() + values.getOrDefault("Channel", ""));
            }
        }
        assertThat(series)
                .contains(
                        "StartupTotal",
                        "MessageLatencyweb",
                        "MessageLatencytelegram",
                        "FirstResponseTimeweb",
                        "FirstResponseTimetelegram",
                        "TaskStarted",
                        "GatewayRestart");
    }

    @Test
    void cfnLintFindsNoErrorInAnyTemplate() throws Exception {
        Path cfnLint = RequiredTool.check("cfn-lint");
        List<String> command = new ArrayList<>(List.of(cfnLint.toString(), "--format", "parseable"));
        for (ProductStack stack : ProductStack.values()) {
            command.add(synthesized.path(stack).toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        System.out.println(
                "cfn-lint over " + ProductStack.values().length + " templates (exit " + exit + "):\n" + report);
        // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational
        assertThat(exit & 2).as(report).isZero();
        assertThat(exit & 1).as("cfn-lint itself failed: " + report).isZero();
        assertThat(report.lines().filter(l -> l.contains(":E"))).as(report).isEmpty();
    }

    // --- helpers

    private static JsonNode onlyResource(ProductStack stack, String type) {
        List<JsonNode> found = resources(stack, type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static List<JsonNode> resources(ProductStack stack, String type) {
        List<JsonNode> found = new ArrayList<>();
        synthesized.tree(stack).path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    private static Set<String> resourceIds(ProductStack stack, String type) {
        Set<String> ids = new HashSet<>();
        synthesized.tree(stack).path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** Logical ids referenced with {@code Ref} anywhere inside a value (pseudo parameters left out). */
    private static Set<String> refs(JsonNode node) {
        Set<String> found = new HashSet<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("Ref") && !field.getValue().asText().startsWith("AWS::")) {
                    found.add(field.getValue().asText());
                } else {
                    found.addAll(refs(field.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> found.addAll(refs(child)));
        }
        return found;
    }

    private static Map<String, String> environment(JsonNode list) {
        Map<String, String> environment = new java.util.HashMap<>();
        list.forEach(e -> environment.put(
                e.path("Name").asText(),
                e.path("Value").isTextual()
                        ? e.path("Value").asText()
                        : e.path("Value").toString()));
        return environment;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.isTextual() ? n.asText() : n.toString()));
        } else if (!node.isMissingNode()) {
            values.add(node.isTextual() ? node.asText() : node.toString());
        }
        return values;
    }
}
