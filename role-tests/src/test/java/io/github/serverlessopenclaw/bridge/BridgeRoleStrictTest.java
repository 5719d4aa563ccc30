package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.stacks.SharedValue;
import io.github.serverlessopenclaw.roles.StrictProduct;
import io.github.serverlessopenclaw.testing.Await;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.StrictIam;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bridge with the task role's credentials from the deployed Compute stack, on the strict moto, with the real
 * OpenClaw gateway and the stub model: it reads its secrets, restores the workspace, publishes Running with its
 * public address, answers the queued message and a new one (frames through the Management API, turns stored),
 * records activity, and on stop puts an unfinished message back, backs up the workspace and releases its
 * TaskState row. Every AWS call is checked against the task role (see {@code GrantsEqualCallsTest}).
 *
 * <p>Stand-ins: the ECS task metadata endpoint (loopback); the Management API is moto's root URL
 * (moto-capabilities §2), so the frames are read from moto's request recorder; the task's ENI and public IP are
 * created in moto's EC2 (an Elastic IP, §1) because moto's RunTask attaches none with a public address.
 */
@Order(2)
class BridgeRoleStrictTest {
    private static final String USER = "u-bridge";
    private static final Duration REPLY = Duration.ofMinutes(4);

    @Test
    void theBridgeDoesItsWholeLifeWithTheTaskRoleOnly() throws Exception {
        StrictProduct product = StrictProduct.get();
        StrictIam strict = product.strict();
        Moto moto = strict.moto();
        var names = StrictProduct.NAMES;
        String bucket = product.shared(SharedValue.DATA_BUCKET);
        String callback = moto.endpoint().toString().replaceAll("/$", "");

        // what the Lambdas and an earlier container left (seeded as the harness's admin)
        DynamoDbClient admin = strict.client(DynamoDbClient.builder());
        S3Client adminS3 = strict.client(S3Client.builder());
        String taskArn;
        try (EcsClient ecs = strict.client(EcsClient.builder())) {
            taskArn = ecs.runTask(b -> b.cluster(names.cluster())
                            .taskDefinition(names.taskFamily())
                            .launchType(LaunchType.FARGATE)
                            .networkConfiguration(n ->
                                    n.awsvpcConfiguration(a -> a.subnets(product.shared(SharedValue.SUBNET_IDS)
                                                    .split(",")[0])
                                            .securityGroups(product.shared(SharedValue.SECURITY_GROUP_ID)))))
                    .tasks()
                    .get(0)
                    .taskArn();
        }
        String privateIp = "10.0.77.7";
        String publicIp =
                attachPublicIp(strict, product.shared(SharedValue.SUBNET_IDS).split(",")[0], privateIp);
        admin.putItem(b -> b.tableName(names.table(Table.TASK_STATE))
                .item(Map.of(
                        Constants.PK,
                        AttributeValue.fromS(Constants.USER_PREFIX + USER),
                        "status",
                        AttributeValue.fromS("Starting"),
                        "taskArn",
                        AttributeValue.fromS(taskArn),
                        "startedAt",
                        AttributeValue.fromS(Instant.now().toString()))));
        admin.putItem(b -> b.tableName(names.table(Table.PENDING_MESSAGES))
                .item(Map.of(
                        Constants.PK,
                        AttributeValue.fromS(Constants.USER_PREFIX + USER),
                        Constants.SK,
                        AttributeValue.fromS("MSG#1#x"),
                        "message",
                        AttributeValue.fromS("queued while starting"),
                        "channel",
                        AttributeValue.fromS("web"),
                        "connectionId",
                        AttributeValue.fromS("c-bridge-pending"),
                        "createdAt",
                        AttributeValue.fromS(Instant.now().toString()),
                        "ttl",
                        AttributeValue.fromN("9999999999"))));
        adminS3.putObject(
                b -> b.bucket(bucket).key(Constants.WORKSPACE_PREFIX + USER + "/notes/todo.md"),
                RequestBody.fromString("restored from S3"));

        AwsCredentialsProvider role = product.credentials(product.taskRole());
        AwsServices aws = new AwsServices(
                strict.client(DynamoDbClient.builder(), role),
                strict.client(S3Client.builder(), role),
                AwsFixture.publicIps(moto, role),
                uri -> strict.client(ApiGatewayManagementApiClient.builder().endpointOverride(uri), role));

        try (StubModelServer model = new StubModelServer();
                EcsMetadataStandIn metadata = new EcsMetadataStandIn(taskArn, privateIp)) {
            Path state = Files.createTempDirectory("strict-bridge");
            Path workspace = GatewaySettings.workspaceOf(state);
            // the container's environment as ComputeStack and RunTask set it, plus the test's gateway and stand-ins
            Map<String, String> env = new HashMap<>();
            env.put(Env.APP_NAME, names.appName());
            for (Table table : Table.values()) {
                env.put(table.envVar(), names.table(table));
            }
            env.put(Env.DATA_BUCKET, bucket);
            env.put(Env.GATEWAY_TOKEN_PARAMETER, Secret.OPENCLAW_GATEWAY_TOKEN.parameterName(names));
            env.put(Env.TELEGRAM_BOT_TOKEN_PARAMETER, Secret.TELEGRAM_BOT_TOKEN.parameterName(names));
            env.put(Env.TASK_USER_ID, USER);
            env.put(Env.TASK_CALLBACK_URL, callback);
            env.put(Env.ECS_METADATA_URI, metadata.uri());
            env.put(Env.OPENCLAW_NODE, OpenClawInstallation.node().toString());
            env.put(
                    Env.OPENCLAW_PACKAGE_DIR,
                    OpenClawInstallation.entry().getParent().toString());
            env.put(Env.OPENCLAW_STATE_DIR, state.toString());
            env.put(Env.GATEWAY_PORT, Integer.toString(OpenClawInstallation.freePort()));
            env.put(Env.BRIDGE_PORT, "0");
            env.put(Env.OPENCLAW_MODEL, "stub/" + StubModelServer.MODEL);
            env.put(Env.OPENCLAW_MODEL_BASE_URL, model.baseUrl());
            env.put(Env.OPENCLAW_MODEL_API, "openai-completions");
            env.put(Env.OPENCLAW_MODEL_API_KEY, "stub-key");
            env.put(Env.SHUTDOWN_BUDGET_SECONDS, "10");
            env.put(Env.OPENCLAW_AGENT_MANIFEST, product.agentManifest()); // the project's agent folder, as deployed
            // production reads the secrets with its own signed call (AwsServices.ssmSecret): here as the task role
            BridgeConfig config = BridgeConfig.fromEnv(env, AwsFixture.ssmSecrets(moto, role));

            Bridge bridge = new Bridge(
                    config,
                    aws,
                    Clock.systemUTC(),
                    LatencyRecorder.NONE,
                    () -> {},
                    ProjectAgent.fromEnvironment(env, aws::s3)); // reads the manifest and each file as the task role
            try {
                bridge.start();

                assertThat(awaitEnd(moto, "c-bridge-pending")).isEqualTo("Echo: queued while starting");
                var row = admin.getItem(b -> b.tableName(names.table(Table.TASK_STATE))
                                .key(Map.of(Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + USER)))
                                .consistentRead(true))
                        .item();
                assertThat(row.get("status").s()).isEqualTo("Running");
                assertThat(row.get("publicIp").s()).isEqualTo(publicIp);
                assertThat(workspace.resolve("notes/todo.md")).hasContent("restored from S3");
                assertThat(Files.readString(workspace.resolve("AGENTS.md"))).contains(StrictProduct.AGENT_MARKER);
                assertTheTaskRoleReadsNoOtherStagedObject(product, aws.s3());
                // before an idle stop the bridge reads the prewarm window of its row (IdleStop), as the task role
                assertThat(new TaskStateStore(aws.dynamo(), names.table(Table.TASK_STATE), taskArn, Clock.systemUTC())
                                .prewarmUntil(USER))
                        .isNull();

                LambdaCalls.Target target =
                        LambdaCalls.Target.fromRow(bridge.port(), row); // the pin and token it published
                assertThat(LambdaCalls.postMessage(target, USER, "what is the time", "web", "c-bridge-web")
                                .statusCode())
                        .isEqualTo(202);
                assertThat(awaitEnd(moto, "c-bridge-web")).isEqualTo("Echo: what is the time");
                awaitTurns(admin, names.table(Table.CONVERSATIONS), 4);

                // the read IdleStop makes before the bridge stops itself for idleness (after 30 idle minutes)
                assertThat(new TaskStateStore(aws.dynamo(), names.table(Table.TASK_STATE), taskArn, Clock.systemUTC())
                                .prewarmUntil(USER))
                        .isNull();

                Files.writeString(workspace.resolve("notes/new.md"), "written by the agent");
                model.slowChunkMillis(3_000); // still answering at stop: goes back to the queue
                LambdaCalls.postMessage(target, USER, "long " + StubModelServer.SLOW, "web", "c-bridge-slow");
                Thread.sleep(2_000);
            } finally {
                bridge.stop("test end");
            }

            assertThat(admin.getItem(b -> b.tableName(names.table(Table.TASK_STATE))
                                    .key(Map.of(Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + USER)))
                                    .consistentRead(true))
                            .item())
                    .as("TaskState released")
                    .isNullOrEmpty();
            assertThat(adminS3.listObjectsV2(b -> b.bucket(bucket).prefix(Constants.WORKSPACE_PREFIX + USER + "/"))
                            .contents())
                    .anySatisfy(o -> assertThat(o.key()).endsWith("notes/new.md"));
            assertThat(admin.query(b -> b.tableName(names.table(Table.PENDING_MESSAGES))
                                    .keyConditionExpression("PK = :pk")
                                    .expressionAttributeValues(
                                            Map.of(":pk", AttributeValue.fromS(Constants.USER_PREFIX + USER))))
                            .items())
                    .as("the unfinished message is queued again")
                    .anySatisfy(i -> assertThat(i.get("message").s()).contains(StubModelServer.SLOW));
        }
    }

    /**
     * The task role may read exactly the agent folder's objects in the staging bucket, which holds other assets (the
     * Lambda code, the templates, maybe other apps'): reading one of those is refused.
     */
    private static void assertTheTaskRoleReadsNoOtherStagedObject(StrictProduct product, S3Client taskRole) {
        URI manifest = URI.create(product.agentManifest());
        String bucket = manifest.getHost();
        String other;
        try (S3Client admin = product.strict().client(S3Client.builder())) {
            String manifestKey = manifest.getPath().substring(1);
            String listed = admin.getObjectAsBytes(b -> b.bucket(bucket).key(manifestKey))
                    .asUtf8String();
            other = admin.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                    .map(S3Object::key)
                    .filter(key -> !key.equals(manifestKey) && !listed.contains(key))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no staged object besides the agent folder's in " + bucket));
        }
        product.refusedOnPurpose("arn:aws:s3:::" + bucket + "/" + other);
        assertThatThrownBy(() -> taskRole.getObjectAsBytes(b -> b.bucket(bucket).key(other)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }

    /** moto's ENI for the task's private address, with an Elastic IP (moto-capabilities §1). */
    private static String attachPublicIp(StrictIam strict, String subnet, String privateIp) {
        try (Ec2Client ec2 = strict.client(Ec2Client.builder())) {
            String eni = ec2.createNetworkInterface(b -> b.subnetId(subnet).privateIpAddress(privateIp))
                    .networkInterface()
                    .networkInterfaceId();
            var address = ec2.allocateAddress(b -> b.domain(DomainType.VPC));
            ec2.associateAddress(b -> b.allocationId(address.allocationId()).networkInterfaceId(eni));
            return address.publicIp();
        }
    }

    /** The text shown to a connection once its reply ended, from the frames moto's recorder saw posted to it. */
    private static String awaitEnd(Moto moto, String connectionId) {
        List<String> frames = Await.await(
                () -> moto.recordedRequests().stream()
                        .filter(r -> r.method().equals("POST") && r.url().endsWith("/@connections/" + connectionId))
                        .map(Moto.RecordedRequest::body)
                        .toList(),
                posted ->
                        posted.stream().anyMatch(f -> f.contains("\"stream_end\"") || f.contains("\"type\":\"error\"")),
                REPLY,
                "the reply to " + connectionId + " to end");
        StringBuilder shown = new StringBuilder();
        for (String frame : frames) {
            var node = Json.read(frame);
            if (node.path("type").asText().equals("stream_chunk")) {
                if (node.path("replace").asBoolean(false)) {
                    shown.setLength(0);
                }
                shown.append(node.path("content").asText());
            }
        }
        return shown.toString();
    }

    private static void awaitTurns(DynamoDbClient admin, String table, int atLeast) {
        Await.await(
                () -> admin.query(b -> b.tableName(table)
                                .keyConditionExpression("PK = :pk")
                                .expressionAttributeValues(
                                        Map.of(":pk", AttributeValue.fromS(Constants.USER_PREFIX + USER))))
                        .count(),
                turns -> turns >= atLeast,
                Duration.ofSeconds(30),
                "at least " + atLeast + " stored turns");
    }
}
