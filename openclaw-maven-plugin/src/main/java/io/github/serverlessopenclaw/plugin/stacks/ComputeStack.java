package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CfnCluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * ECS cluster (Fargate and Fargate Spot, no service: the Lambdas start one task per user), the task definition
 * with the image pinned by digest (a new image is a new revision; the Lambdas start tasks by family), its log
 * group and its two roles with only what the bridge needs.
 */
final class ComputeStack extends OpenClawStack {

    static final String FARGATE = "FARGATE";
    static final String FARGATE_SPOT = "FARGATE_SPOT";
    /** {@code <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>@sha256:...}. */
    private static final Pattern ECR_IMAGE =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^@]+)@sha256:.*");

    ComputeStack(Construct scope, StackConfig config) {
        super(scope, ProductStack.COMPUTE, config, "ECS cluster, task definition, log group and task roles");
        String capacityProvider = config.spot() ? FARGATE_SPOT : FARGATE;
        CfnCluster.Builder.create(this, "Cluster")
                .clusterName(names.cluster())
                .capacityProviders(List.of(FARGATE, FARGATE_SPOT))
                .defaultCapacityProviderStrategy(List.of(CfnCluster.CapacityProviderStrategyItemProperty.builder()
                        .capacityProvider(capacityProvider)
                        .weight(1)
                        .build()))
                .build();

        LogGroup logs = LogGroup.Builder.create(this, "ContainerLogs")
                .logGroupName(names.containerLogGroup())
                .retention(RetentionDays.ONE_WEEK)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        ServicePrincipal ecsTasks = new ServicePrincipal("ecs-tasks.amazonaws.com");
        Role taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(ecsTasks)
                .description("The OpenClaw container of " + names.appName() + " (bridge and gateway)")
                .build();
        Role executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(ecsTasks)
                .description("ECS pulling the image and writing logs for " + names.appName())
                .build();

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(names.taskFamily())
                .cpu(config.cpu())
                .memoryLimitMiB(config.memoryMb())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(
                                config.architecture() == Architecture.ARM64
                                        ? CpuArchitecture.ARM64
                                        : CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .taskRole(taskRole)
                .executionRole(executionRole)
                .build();

        String dataBucket = shared(SharedValue.DATA_BUCKET);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(Env.APP_NAME, names.appName());
        for (Table table : Table.values()) {
            environment.put(table.envVar(), names.table(table));
        }
        environment.put(Env.DATA_BUCKET, dataBucket);
        environment.put(Env.OPENCLAW_MODEL, config.model());
        // the same idle timeout as the watchdog's (ApiStack): the bridge never stops itself before the watchdog would
        environment.put(Env.IDLE_TIMEOUT_MINUTES, Integer.toString(config.idleTimeoutMinutes()));
        environment.put(Env.GATEWAY_TOKEN_PARAMETER, Secret.OPENCLAW_GATEWAY_TOKEN.parameterName(names));
        agentEnvironment(environment);
        AgentAssets.Delivered agent =
                config.agent().map(bundle -> AgentAssets.add(this, bundle)).orElse(null);
        if (agent != null) {
            environment.put(Env.OPENCLAW_AGENT_MANIFEST, agent.manifestUri());
        }
        List<Secret> readAtRunTime = new ArrayList<>(List.of(Secret.OPENCLAW_GATEWAY_TOKEN));
        if (config.telegram()) {
            environment.put(Env.TELEGRAM_BOT_TOKEN_PARAMETER, Secret.TELEGRAM_BOT_TOKEN.parameterName(names));
            readAtRunTime.add(Secret.TELEGRAM_BOT_TOKEN);
        }

        // Provider keys go to the gateway's environment through ECS (execution role), only the configured ones,
        // so a key the user never set can never stop a task from starting.
        Map<String, software.amazon.awscdk.services.ecs.Secret> providerKeys = new LinkedHashMap<>();
        for (Secret secret : config.providerSecrets()) {
            providerKeys.put(
                    secret.envVar(),
                    software.amazon.awscdk.services.ecs.Secret.fromSsmParameter(
                            StringParameter.fromSecureStringParameterAttributes(
                                    this,
                                    "Secret-" + secret.secretName(),
                                    SecureStringParameterAttributes.builder()
                                            .parameterName(secret.parameterName(names))
                                            .build())));
        }

        task.addContainer(
                "Container",
                ContainerDefinitionOptions.builder()
                        .containerName(Constants.CONTAINER_NAME)
                        .image(ContainerImage.fromRegistry(config.imageOrPlaceholder()))
                        .essential(true)
                        .portMappings(List.of(PortMapping.builder()
                                .containerPort(Constants.BRIDGE_PORT)
                                .protocol(Protocol.TCP)
                                .build()))
                        .environment(environment)
                        .secrets(providerKeys)
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix("openclaw")
                                .build()))
                        .build());

        grantImagePull(executionRole);
        if (!providerKeys.isEmpty()) {
            // ECS reads the provider keys for the task at start with the execution role (CDK grants the SSM read)
            secretsKeyDecrypt().ifPresent(executionRole::addToPolicy);
        }
        grantBridge(taskRole, dataBucket, readAtRunTime);
        if (agent != null) {
            // exactly the agent folder's objects in the staging bucket (it holds other assets, maybe other apps')
            taskRole.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:GetObject"))
                    .resources(agent.objectKeys().stream()
                            .map(key -> AgentAssets.arn(this, agent.bucketName(), key))
                            .toList())
                    .build());
        }

        share(SharedValue.TASK_ROLE_ARN, taskRole.getRoleArn());
        share(SharedValue.EXECUTION_ROLE_ARN, executionRole.getRoleArn());
        output(OutputKey.ClusterName, names.cluster(), "ECS cluster the containers run in");
        output(
                OutputKey.TaskDefinitionFamily,
                names.taskFamily(),
                "Task definition family (latest ACTIVE revision is used)");
    }

    /** Fallback models, the custom endpoint and the capabilities: set only when configured (older templates stay as they were). */
    private void agentEnvironment(Map<String, String> environment) {
        if (!config.modelFallbacks().isEmpty()) {
            environment.put(Env.OPENCLAW_MODEL_FALLBACKS, String.join(",", config.modelFallbacks()));
        }
        config.modelBaseUrl().ifPresent(url -> environment.put(Env.OPENCLAW_MODEL_BASE_URL, url));
        config.modelApi().ifPresent(api -> environment.put(Env.OPENCLAW_MODEL_API, api));
        if (!config.capabilities().isEmpty()) {
            environment.put(
                    Env.OPENCLAW_CAPABILITIES,
                    io.github.serverlessopenclaw.common.Capability.format(
                            new java.util.TreeSet<>(config.capabilities())));
        }
    }

    /** ECR pull for an ECR image; other registries (public images) need no permission. */
    private void grantImagePull(Role executionRole) {
        Matcher ecr = ECR_IMAGE.matcher(config.imageOrPlaceholder());
        if (!ecr.matches()) {
            return;
        }
        // GetAuthorizationToken has no resource-level permission: "*" is the only valid resource.
        executionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*"))
                .build());
        executionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
                .resources(List.of(Fn.join(
                        "",
                        List.of(
                                "arn:",
                                getPartition(),
                                ":ecr:",
                                ecr.group(2),
                                ":",
                                ecr.group(1),
                                ":repository/",
                                ecr.group(3)))))
                .build());
    }

    /**
     * What the bridge calls (one line per call site; role-tests' GrantsEqualCallsTest proves grants == calls):
     * its secrets at start, the workspace restore and backups under {@code workspaces/}, the turns it stores, the
     * pending queue it answers and refills, its own TaskState row, its public IP. Replies to browsers:
     * ApiStack grants execute-api:ManageConnections on its WebSocket API to this role.
     */
    private void grantBridge(Role taskRole, String dataBucket, List<Secret> secrets) {
        String bucketArn = Fn.join("", List.of("arn:", getPartition(), ":s3:::", dataBucket));
        new RoleGrants(this, taskRole)
                .secrets("ssm:GetParameter", secrets)
                .items(Table.CONVERSATIONS, "Query", "PutItem") // context for a reply, then the turn
                .items(Table.PENDING_MESSAGES, "Query", "DeleteItem", "PutItem") // answer the queue; requeue at stop
                .items(Table.TASK_STATE, "UpdateItem", "DeleteItem", "GetItem") // Running + address, activity;
                // release at stop; GetItem: the prewarm window before stopping itself for idleness (IdleStop)
                .allow(
                        List.of("s3:GetObject", "s3:PutObject"),
                        List.of(bucketArn + "/" + Constants.WORKSPACE_PREFIX + "*"))
                // DescribeNetworkInterfaces has no resource-level permission: "*" is the only valid resource.
                .allow(List.of("ec2:DescribeNetworkInterfaces"), List.of("*"));
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucketArn))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", Constants.WORKSPACE_PREFIX + "*")))
                .build());
    }
}
