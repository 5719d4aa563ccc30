package io.github.serverlessopenclaw.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * One deployment's worth of real resources in moto (5 tables, VPC, cluster, task definition, SSM
 * secrets) under a fresh appName, plus loopback stubs for the bridge, Telegram and the JWKS, and the
 * {@link Services} a handler under test gets.
 */
final class World implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final String POOL_ID = "us-east-1_TestPool";
    static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL_ID;
    static final String CLIENT_ID = "test-client-id";
    static final String TELEGRAM_SECRET = "telegram-secret-0123456789";
    static final String BOT_TOKEN = "123456:ABC-DEF";

    final Moto moto;
    final AppNames names;
    final Map<String, String> env = new HashMap<>();
    final DynamoDbClient dynamo;
    final EcsClient ecs;
    final SsmClient ssm;
    final Ec2Client ec2;
    /** The stub bridge's certificate and token, published in every reachable TaskState row {@link #putTaskState} writes. */
    final BridgeTls.Identity bridgeTls = BridgeTls.generate();

    final StubServer bridge = new StubServer(bridgeTls);
    final StubServer telegram = new StubServer();
    final StubServer jwks = new StubServer();
    final Tokens signer = new Tokens("key-1");
    final MutableClock clock = new MutableClock(Instant.now());
    private final ApiGatewayManagementApiClient managementApi;

    World(Moto moto) {
        this.moto = moto;
        this.names = new AppNames("w" + ProcessHandle.current().pid() % 10_000 + "-" + COUNTER.incrementAndGet());
        this.dynamo = moto.client(DynamoDbClient.builder());
        this.ecs = moto.client(EcsClient.builder());
        this.ssm = moto.client(SsmClient.builder());
        this.ec2 = moto.client(Ec2Client.builder());
        this.managementApi =
                moto.configure(ApiGatewayManagementApiClient.builder()).build();
        // moto gap (moto-capabilities §1): without this, every DescribeTasks moves a task one step towards STOPPED.
        moto.control(
                "/moto-api/state-manager/set-transition",
                "{\"model_name\":\"ecs::task\",\"transition\":{\"progression\":\"manual\",\"times\":1000000}}");
        for (Table table : Table.values()) {
            createTable(table);
            env.put(table.envVar(), names.table(table));
        }
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        // moto gap (§1): RunTask with awsvpc needs DNS hostnames on the VPC.
        ec2.modifyVpcAttribute(b -> b.vpcId(vpc).enableDnsHostnames(v -> v.value(true)));
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24"))
                .subnet()
                .subnetId();
        String group = ec2.createSecurityGroup(
                        b -> b.vpcId(vpc).groupName(names.appName() + "-bridge").description("bridge"))
                .groupId();
        ecs.createCluster(b -> b.clusterName(names.cluster()));
        ecs.registerTaskDefinition(b -> b.family(names.taskFamily())
                .networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256")
                .memory("512")
                // moto gap (§1): RunTask fails without container-level memory.
                .containerDefinitions(c ->
                        c.name(Constants.CONTAINER_NAME).image("openclaw:test").memory(512)));
        putSecret(Env.TELEGRAM_SECRET_PARAMETER, "telegram-webhook-secret", TELEGRAM_SECRET);
        putSecret(Env.TELEGRAM_BOT_TOKEN_PARAMETER, "telegram-bot-token", BOT_TOKEN);
        env.put(Env.CLUSTER, names.cluster());
        env.put(Env.TASK_FAMILY, names.taskFamily());
        env.put(Env.SUBNET_IDS, subnet);
        env.put(Env.SECURITY_GROUP_IDS, group);
        // moto gap (§1): RunTask with a capacity-provider strategy (FARGATE_SPOT) fails with 500 in moto, so the
        // tests leave ECS_CAPACITY_PROVIDER unset and the product uses launch type FARGATE.
        // moto gap (§2): the Management API only answers without a stage path, so the callback URL is moto's root.
        env.put(Env.WEBSOCKET_CALLBACK_URL, moto.endpoint().toString().replaceAll("/$", ""));
        env.put(Env.BRIDGE_PORT, Integer.toString(bridge.port()));
        env.put(Env.TELEGRAM_API_URL, telegram.url());
        env.put(Env.USER_POOL_ID, POOL_ID);
        env.put(Env.USER_POOL_CLIENT_ID, CLIENT_ID);
        env.put(Env.COGNITO_JWKS_URL, jwks.url() + "/" + POOL_ID + "/.well-known/jwks.json");
        jwks.body = Tokens.jwks(signer);
        bridge.status = 202;
        bridge.body = "{\"status\":\"processing\"}";
        telegram.body = "{\"ok\":true}";
        moto.control("/moto-api/recorder/reset-recording");
    }

    Services services() {
        return new Services(
                LambdaEnv.of(env),
                dynamo,
                ecs,
                ssm,
                uri -> {
                    if (!uri.equals(URI.create(env.get(Env.WEBSOCKET_CALLBACK_URL)))) {
                        throw new IllegalArgumentException("unexpected callback URL " + uri);
                    }
                    return managementApi;
                },
                clock);
    }

    private void createTable(Table table) {
        boolean hasSortKey = table != Table.TASK_STATE && table != Table.CONNECTIONS;
        dynamo.createTable(b -> {
            b.tableName(names.table(table)).billingMode(BillingMode.PAY_PER_REQUEST);
            if (hasSortKey) {
                b.keySchema(
                                KeySchemaElement.builder()
                                        .attributeName(Constants.PK)
                                        .keyType(KeyType.HASH)
                                        .build(),
                                KeySchemaElement.builder()
                                        .attributeName(Constants.SK)
                                        .keyType(KeyType.RANGE)
                                        .build())
                        .attributeDefinitions(
                                a -> a.attributeName(Constants.PK).attributeType(ScalarAttributeType.S),
                                a -> a.attributeName(Constants.SK).attributeType(ScalarAttributeType.S));
            } else {
                b.keySchema(KeySchemaElement.builder()
                                .attributeName(Constants.PK)
                                .keyType(KeyType.HASH)
                                .build())
                        .attributeDefinitions(a -> a.attributeName(Constants.PK).attributeType(ScalarAttributeType.S));
            }
        });
    }

    private void putSecret(String envVar, String name, String value) {
        String parameter = names.secretParameter(name);
        ssm.putParameter(
                b -> b.name(parameter).type(ParameterType.SECURE_STRING).value(value));
        env.put(envVar, parameter);
    }

    // --- events -------------------------------------------------------------------------------------

    static String wsEvent(String connectionId, String body) {
        ObjectNode event = Json.object();
        event.putObject("requestContext")
                .put("connectionId", connectionId)
                .put("routeKey", "$default")
                .put("eventType", "MESSAGE");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    static String connectEvent(String connectionId, String token) {
        return connectEvent(connectionId, token, false);
    }

    /** A {@code $connect}; {@code start}: the web UI's first connect of a chat session ({@code ?start=1}). */
    static String connectEvent(String connectionId, String token, boolean start) {
        ObjectNode event = Json.object();
        event.putObject("requestContext")
                .put("connectionId", connectionId)
                .put("routeKey", "$connect")
                .put("eventType", "CONNECT");
        ObjectNode query = Json.object();
        if (token != null) {
            query.put(Protocol.TOKEN_QUERY_PARAMETER, token);
        }
        if (start) {
            query.put(Protocol.START_QUERY_PARAMETER, "1");
        }
        if (!query.isEmpty()) { // API Gateway leaves the field out when the URL has no query
            event.set("queryStringParameters", query);
        }
        return Json.write(event);
    }

    static String httpEvent(String method, String path, String sub, Map<String, String> headers, String body) {
        ObjectNode event = Json.object().put("version", "2.0").put("rawPath", path);
        ObjectNode context = event.putObject("requestContext");
        context.putObject("http").put("method", method).put("path", path);
        if (sub != null) {
            context.putObject("authorizer").putObject("jwt").putObject("claims").put("sub", sub);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    String telegramEvent(String body) {
        return httpEvent(
                "POST", "/telegram", null, Map.of(TelegramWebhookHandler.SECRET_HEADER, TELEGRAM_SECRET), body);
    }

    static String telegramUpdate(long chatId, Long fromId, String text) {
        ObjectNode update = Json.object().put("update_id", 1);
        ObjectNode message = update.putObject("message").put("message_id", 7).put("date", 1_700_000_000);
        message.putObject("chat").put("id", chatId).put("type", "private");
        if (fromId != null) {
            message.putObject("from").put("id", fromId).put("is_bot", false).put("first_name", "T");
        }
        if (text != null) {
            message.put("text", text);
        }
        return Json.write(update);
    }

    // --- state --------------------------------------------------------------------------------------

    String idToken(String sub) {
        return signer.sign(Tokens.idClaims(ISSUER, CLIENT_ID, sub, clock.instant()));
    }

    /** A connection opened with a token that expires in an hour, as $connect stores it. */
    void connect(String connectionId, String userId) {
        connect(connectionId, userId, io.github.serverlessopenclaw.common.Language.en);
    }

    void connect(String connectionId, String userId, io.github.serverlessopenclaw.common.Language language) {
        new Connections(services()).save(connectionId, userId, clock.instant().getEpochSecond() + 3600, language);
    }

    /** A real task in moto's ECS (launch type FARGATE) to stand behind a TaskState row. */
    String runTask() {
        return ecs.runTask(b -> b.cluster(names.cluster())
                        .taskDefinition(names.taskFamily())
                        .launchType(LaunchType.FARGATE)
                        .networkConfiguration(n -> n.awsvpcConfiguration(a ->
                                a.subnets(env.get(Env.SUBNET_IDS)).securityGroups(env.get(Env.SECURITY_GROUP_IDS)))))
                .tasks()
                .get(0)
                .taskArn();
    }

    void putTaskState(
            String userId,
            String status,
            String taskArn,
            String publicIp,
            Instant startedAt,
            Instant lastActivity,
            Long prewarmUntil) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Constants.USER_PREFIX + userId));
        item.put("status", Items.s(status));
        if (taskArn != null) {
            item.put("taskArn", Items.s(taskArn));
        }
        if (publicIp != null) {
            item.put("publicIp", Items.s(publicIp));
            item.put(Constants.TASK_STATE_CERT_SHA256, Items.s(bridgeTls.fingerprint()));
            item.put(Constants.TASK_STATE_BRIDGE_TOKEN, Items.s(bridgeTls.token()));
        }
        item.put("startedAt", Items.s(startedAt.toString()));
        item.put("lastActivity", Items.s(lastActivity.toString()));
        if (prewarmUntil != null) {
            item.put("prewarmUntil", Items.n(prewarmUntil));
        }
        dynamo.putItem(b -> b.tableName(names.table(Table.TASK_STATE)).item(item));
    }

    Map<String, AttributeValue> taskState(String userId) {
        var item = dynamo.getItem(b -> b.tableName(names.table(Table.TASK_STATE))
                        .key(Items.key(Constants.USER_PREFIX + userId))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }

    List<Map<String, AttributeValue>> rows(Table table) {
        return dynamo.scan(b -> b.tableName(names.table(table))).items();
    }

    List<Map<String, AttributeValue>> pending(String userId) {
        return dynamo.query(b -> b.tableName(names.table(Table.PENDING_MESSAGES))
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(Constants.USER_PREFIX + userId))))
                .items();
    }

    String lastStatus(String taskArn) {
        return ecs.describeTasks(b -> b.cluster(names.cluster()).tasks(taskArn))
                .tasks()
                .get(0)
                .lastStatus();
    }

    // --- what moto saw ------------------------------------------------------------------------------

    List<Moto.RecordedRequest> calls(String operation) {
        return moto.recordedRequests().stream()
                .filter(r -> r.operation().equals(operation))
                .toList();
    }

    /** RunTask calls made by the code under test (the fixture's own {@link #runTask()} carries no overrides). */
    List<Moto.RecordedRequest> handlerRunTasks() {
        return calls("RunTask").stream()
                .filter(r -> r.body().contains("containerOverrides"))
                .toList();
    }

    /** Frames PostToConnection delivered to one connection (read from moto's request recorder). */
    List<JsonNode> pushes(String connectionId) {
        return moto.recordedRequests().stream()
                .filter(r -> r.method().equals("POST") && r.url().endsWith("/@connections/" + connectionId))
                .map(r -> Json.parse(r.body()).orElseThrow())
                .toList();
    }

    static JsonNode body(JsonNode response) {
        return Json.parse(response.get("body").asText()).orElse(null);
    }

    @Override
    public void close() {
        bridge.close();
        telegram.close();
        jwks.close();
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
