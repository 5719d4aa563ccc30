package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.stacks.SharedValue;
import io.github.serverlessopenclaw.roles.StrictProduct;
import io.github.serverlessopenclaw.testing.StrictIam;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Each of the seven handlers, on the product deployed to the strict moto ({@link StrictProduct}), with the
 * credentials of its own role from the Api stack: its main paths and its refusals must work, and every AWS call
 * they make is checked against that role's policies (a refused call fails the path, or is recorded as refused
 * and reported by {@code GrantsEqualCallsTest}). Outcomes are read back with the harness's admin role.
 *
 * <p>Stand-ins (no emulator exists for them): the bridge, Telegram and the Cognito JWKS are loopback stubs; the
 * Management API is moto's root URL (moto-capabilities §2); Fargate tasks are moto's (launch type FARGATE,
 * moto-capabilities §1).
 */
@Order(1)
class LambdaRolesStrictTest {
    /** Connections saved directly live as long as an ID token (an hour) from the test's start. */
    private static final long TOKEN_EXPIRES_AT =
            Instant.now().plus(Duration.ofHours(1)).getEpochSecond();

    private static final String POOL_ID = "us-east-1_StrictPool";
    private static final String CLIENT_ID = "strict-client";
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(2));

    private static StrictProduct product;
    private static StrictIam strict;
    private static DynamoDbClient admin;
    private static EcsClient adminEcs;
    /** A bridge as the Lambdas see one: HTTPS with its own certificate, pinned through the row. */
    private static final BridgeTls.Identity bridgeTls = BridgeTls.generate();

    private static final StubServer bridge = new StubServer(bridgeTls);
    private static final StubServer telegram = new StubServer();
    private static final StubServer jwks = new StubServer();
    private static final Tokens signer = new Tokens("strict-key");

    @BeforeAll
    static void deploy() {
        product = StrictProduct.get();
        strict = product.strict();
        admin = strict.client(DynamoDbClient.builder());
        adminEcs = strict.client(EcsClient.builder());
        jwks.body = Tokens.jwks(signer);
        telegram.body = "{\"ok\":true}";
        bridge.status = 202;
        bridge.body = "{\"status\":\"processing\"}";
    }

    @AfterAll
    static void stopStubs() {
        bridge.close();
        telegram.close();
        jwks.close();
    }

    /** The function's environment as ApiStack sets it, with the stand-ins' addresses. */
    private static Map<String, String> environment() {
        var names = StrictProduct.NAMES;
        Map<String, String> env = new HashMap<>();
        env.put(Env.APP_NAME, names.appName());
        for (Table table : Table.values()) {
            env.put(table.envVar(), names.table(table));
        }
        env.put(Env.CLUSTER, names.cluster());
        env.put(Env.TASK_FAMILY, names.taskFamily());
        env.put(Env.CONTAINER_NAME, Constants.CONTAINER_NAME);
        env.put(Env.SUBNET_IDS, product.shared(SharedValue.SUBNET_IDS));
        env.put(Env.SECURITY_GROUP_IDS, product.shared(SharedValue.SECURITY_GROUP_ID));
        env.put(Env.USER_POOL_ID, POOL_ID);
        env.put(Env.USER_POOL_CLIENT_ID, CLIENT_ID);
        env.put(Env.COGNITO_JWKS_URL, jwks.url() + "/" + POOL_ID + "/.well-known/jwks.json");
        env.put(Env.WEBSOCKET_CALLBACK_URL, product.moto().endpoint().toString().replaceAll("/$", ""));
        env.put(Env.TELEGRAM_BOT_TOKEN_PARAMETER, Secret.TELEGRAM_BOT_TOKEN.parameterName(names));
        env.put(Env.TELEGRAM_SECRET_PARAMETER, Secret.TELEGRAM_WEBHOOK_SECRET.parameterName(names));
        env.put(Env.IDLE_TIMEOUT_MINUTES, "15");
        env.put(Env.PREWARM_DURATION_MINUTES, "60");
        env.put(Env.BRIDGE_PORT, Integer.toString(bridge.port()));
        env.put(Env.TELEGRAM_API_URL, telegram.url());
        env.put(Env.MAX_CONTAINERS, "20"); // the tests' rows never reach the cap, except where a test sets it
        env.put(Env.TELEGRAM_ALLOW, "77001,77002,77003"); // unlinked Telegram users the router test talks as
        return env;
    }

    /** What the handler gets in production, but every client signs with {@code handler}'s role. */
    private static Services services(Handler handler, Map<String, String> env) {
        AwsCredentialsProvider role = product.credentials(product.lambdaRole(handler));
        ApiGatewayManagementApiClient management = strict.client(
                ApiGatewayManagementApiClient.builder()
                        .endpointOverride(URI.create(env.get(Env.WEBSOCKET_CALLBACK_URL))),
                role);
        return new Services(
                LambdaEnv.of(env),
                strict.client(DynamoDbClient.builder(), role),
                strict.client(EcsClient.builder(), role),
                strict.client(SsmClient.builder(), role),
                uri -> management,
                java.time.Clock.systemUTC());
    }

    private static Services services(Handler handler) {
        return services(handler, environment());
    }

    private static Map<String, AttributeValue> row(Table table, String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>(Map.of(Constants.PK, AttributeValue.fromS(pk)));
        if (sk != null) {
            key.put(Constants.SK, AttributeValue.fromS(sk));
        }
        var item = admin.getItem(b ->
                        b.tableName(StrictProduct.NAMES.table(table)).key(key).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static Map<String, AttributeValue> taskState(String userId) {
        return row(Table.TASK_STATE, Constants.USER_PREFIX + userId, null);
    }

    private static String runTask() {
        var env = environment();
        return adminEcs.runTask(b -> b.cluster(StrictProduct.NAMES.cluster())
                        .taskDefinition(StrictProduct.NAMES.taskFamily())
                        .launchType(LaunchType.FARGATE)
                        .networkConfiguration(n -> n.awsvpcConfiguration(
                                a -> a.subnets(env.get(Env.SUBNET_IDS).split(",")[0])
                                        .securityGroups(env.get(Env.SECURITY_GROUP_IDS)))))
                .tasks()
                .get(0)
                .taskArn();
    }

    private static void putTaskState(String userId, String status, String taskArn, String publicIp, Instant startedAt) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                Constants.PK,
                AttributeValue.fromS(Constants.USER_PREFIX + userId),
                "status",
                AttributeValue.fromS(status),
                "startedAt",
                AttributeValue.fromS(startedAt.toString()),
                "lastActivity",
                AttributeValue.fromS(startedAt.toString())));
        if (taskArn != null) {
            item.put("taskArn", AttributeValue.fromS(taskArn));
        }
        if (publicIp != null) {
            item.put("publicIp", AttributeValue.fromS(publicIp));
            item.put(Constants.TASK_STATE_CERT_SHA256, AttributeValue.fromS(bridgeTls.fingerprint()));
            item.put(Constants.TASK_STATE_BRIDGE_TOKEN, AttributeValue.fromS(bridgeTls.token()));
        }
        admin.putItem(
                b -> b.tableName(StrictProduct.NAMES.table(Table.TASK_STATE)).item(item));
    }

    private static void clearTaskStates() {
        String table = StrictProduct.NAMES.table(Table.TASK_STATE);
        for (var item : admin.scan(b -> b.tableName(table)).items()) {
            admin.deleteItem(b -> b.tableName(table).key(Map.of(Constants.PK, item.get(Constants.PK))));
        }
    }

    private static String lastStatus(String taskArn) {
        return adminEcs.describeTasks(
                        b -> b.cluster(StrictProduct.NAMES.cluster()).tasks(taskArn))
                .tasks()
                .get(0)
                .lastStatus();
    }

    private static int status(JsonNode response) {
        return response.path("statusCode").asInt();
    }

    // --- WebSocket $connect / $disconnect ---------------------------------------------------------------

    @Test
    void wsConnectStoresAVerifiedConnectionAndRefusesBadTokens() {
        WsConnectHandler handler = new WsConnectHandler(services(Handler.WS_CONNECT));
        String issuer = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL_ID;
        String token = signer.sign(Tokens.idClaims(issuer, CLIENT_ID, "u-connect", Instant.now()));

        assertThat(status(handler.handleRaw(World.connectEvent("c-connect", token))))
                .isEqualTo(200);
        assertThat(row(Table.CONNECTIONS, Constants.CONNECTION_PREFIX + "c-connect", null))
                .isNotNull();
        assertThat(status(handler.handleRaw(World.connectEvent("c-none", null))))
                .isEqualTo(401);
        assertThat(status(handler.handleRaw(World.connectEvent("c-bad", token + "x"))))
                .isEqualTo(401);
    }

    /**
     * The chat opening ({@code ?start=1}) starts the user's container with ws-connect's role: the user's row, the
     * prewarmed one, the cap (Scan), the claim, RunTask passing the task's roles, the task ARN; a second connect finds
     * the row and starts nothing; a failed RunTask releases the claim (DeleteItem). A 401 starts nothing.
     */
    @Test
    void wsConnectStartsTheUsersContainerWhenTheChatOpens() {
        String issuer = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL_ID;
        String token = signer.sign(Tokens.idClaims(issuer, CLIENT_ID, "u-connect-start", Instant.now()));
        WsConnectHandler handler = new WsConnectHandler(services(Handler.WS_CONNECT));

        assertThat(status(handler.handleRaw(World.connectEvent("c-start-1", token, true))))
                .isEqualTo(200);
        var started = taskState("u-connect-start");
        assertThat(started.get("status").s()).isEqualTo("Starting");
        String task = started.get("taskArn").s();
        assertThat(lastStatus(task)).isEqualTo("RUNNING");

        assertThat(status(handler.handleRaw(World.connectEvent("c-start-2", token, true))))
                .isEqualTo(200);
        assertThat(taskState("u-connect-start").get("taskArn").s()).isEqualTo(task);
        assertThat(status(handler.handleRaw(World.connectEvent("c-start-bad", token + "x", true))))
                .isEqualTo(401);

        Map<String, String> broken = environment();
        broken.put(Env.TASK_FAMILY, "no-such-family"); // RunTask fails: the claim is released, the handshake succeeds
        String other = signer.sign(Tokens.idClaims(issuer, CLIENT_ID, "u-connect-fail", Instant.now()));
        assertThat(status(new WsConnectHandler(services(Handler.WS_CONNECT, broken))
                        .handleRaw(World.connectEvent("c-start-3", other, true))))
                .isEqualTo(200);
        assertThat(taskState("u-connect-fail")).isNull();
    }

    @Test
    void wsDisconnectForgetsTheConnection() {
        new Connections(services(Handler.WS_CONNECT)).save("c-gone", "u-gone", TOKEN_EXPIRES_AT);
        WsDisconnectHandler handler = new WsDisconnectHandler(services(Handler.WS_DISCONNECT));

        assertThat(status(handler.handleRaw(World.wsEvent("c-gone", null)))).isEqualTo(200);
        assertThat(row(Table.CONNECTIONS, Constants.CONNECTION_PREFIX + "c-gone", null))
                .isNull();
    }

    // --- the router, from both entry points ---------------------------------------------------------------

    /**
     * Every path of {@link Router} through one entry point: start (claim, RunTask, task ARN), a message while
     * starting (DescribeTasks), to a running bridge (secret, touch), to a dead bridge (StopTask, new task), a
     * prewarmed container claimed (one transaction), and a failed RunTask (claim released).
     */
    @SuppressWarnings(
            "ReturnValueIgnored") // the paths are checked by the rows and AWS calls they leave, not the answers
    private static void routerPaths(
            String prefix, Function<String, String> userOf, Function<String[], JsonNode> send, Handler handler) {
        String user = userOf.apply(prefix + "-1");
        bridge.status = 202;
        send.apply(new String[] {prefix + "-1", "first"});
        var starting = taskState(user);
        assertThat(starting.get("status").s()).isEqualTo("Starting");
        String first = starting.get("taskArn").s();
        assertThat(lastStatus(first)).isEqualTo("RUNNING");

        send.apply(new String[] {prefix + "-1", "while starting"}); // fresh Starting row: DescribeTasks, queued
        assertThat(taskState(user).get("taskArn").s()).isEqualTo(first);

        putTaskState(user, "Running", first, "127.0.0.1", Instant.now());
        int before = bridge.requests.size();
        send.apply(new String[] {prefix + "-1", "to the bridge"});
        assertThat(bridge.requests.size()).isEqualTo(before + 1);
        assertThat(bridge.requests.get(before).header("Authorization")).isEqualTo("Bearer " + bridgeTls.token());

        bridge.status = 500; // a dead bridge: stopped and replaced
        send.apply(new String[] {prefix + "-1", "bridge is dead"});
        bridge.status = 202;
        assertThat(lastStatus(first)).isEqualTo("STOPPED");
        assertThat(taskState(user).get("taskArn").s()).isNotEqualTo(first);

        String prewarmTask = runTask();
        putTaskState(Constants.PREWARM_USER_ID, "Running", prewarmTask, "127.0.0.1", Instant.now());
        String claimer = userOf.apply(prefix + "-2");
        send.apply(new String[] {prefix + "-2", "claims the warm one"});
        assertThat(taskState(claimer).get("taskArn").s()).isEqualTo(prewarmTask);
        assertThat(taskState(Constants.PREWARM_USER_ID)).isNull();

        String failing = userOf.apply(prefix + "-3");
        Map<String, String> broken = environment();
        broken.put(Env.TASK_FAMILY, "no-such-family"); // RunTask fails: the claim must be released
        sendWith(handler, broken, prefix + "-3");
        assertThat(taskState(failing)).isNull();
    }

    private static void sendWith(Handler handler, Map<String, String> env, String who) {
        if (handler == Handler.WS_MESSAGE) {
            new Connections(services(Handler.WS_CONNECT)).save("c-" + who, "u-" + who, TOKEN_EXPIRES_AT);
            new WsMessageHandler(services(handler, env))
                    .handleRaw(World.wsEvent("c-" + who, "{\"action\":\"sendMessage\",\"message\":\"x\"}"));
        } else {
            new TelegramWebhookHandler(services(handler, env))
                    .handleRaw(telegramEvent(World.telegramUpdate(
                            Long.parseLong(who.replaceAll("\\D", "")),
                            Long.parseLong(who.replaceAll("\\D", "")),
                            "x")));
        }
    }

    private static String telegramEvent(String body) {
        return World.httpEvent(
                "POST",
                "/telegram",
                null,
                Map.of(TelegramWebhookHandler.SECRET_HEADER, StrictProduct.TELEGRAM_SECRET),
                body);
    }

    @Test
    void wsMessageRoutesAnswersStatusAndHistoryAndRefusesBadFrames() {
        WsMessageHandler handler = new WsMessageHandler(services(Handler.WS_MESSAGE));
        Connections connections = new Connections(services(Handler.WS_CONNECT));
        connections.save("c-web", "u-web", TOKEN_EXPIRES_AT);

        assertThat(World.body(handler.handleRaw(World.wsEvent("c-web", "{\"action\":\"getStatus\"}")))
                        .path("status")
                        .asText())
                .isEqualTo("Idle");
        assertThat(status(handler.handleRaw(World.wsEvent("c-web", "{\"action\":\"getHistory\"}"))))
                .isEqualTo(200);
        assertThat(status(handler.handleRaw(World.wsEvent("c-unknown", "{\"action\":\"ping\"}"))))
                .isEqualTo(403);
        assertThat(status(handler.handleRaw(World.wsEvent("c-web", "not json"))))
                .isEqualTo(400);
        // a connection whose ID token has expired: refused, its row deleted and the socket closed
        connections.save("c-expired", "u-web", Instant.now().minusSeconds(1).getEpochSecond());
        assertThat(status(handler.handleRaw(World.wsEvent("c-expired", "{\"action\":\"ping\"}"))))
                .isEqualTo(401);
        assertThat(admin.getItem(b -> b.tableName(StrictProduct.NAMES.table(Table.CONNECTIONS))
                                .key(Map.of(
                                        Constants.PK, AttributeValue.fromS(Constants.CONNECTION_PREFIX + "c-expired"))))
                        .hasItem())
                .isFalse();

        routerPaths(
                "web",
                who -> "u-" + who,
                args -> {
                    connections.save("c-" + args[0], "u-" + args[0], TOKEN_EXPIRES_AT);
                    JsonNode response = new WsMessageHandler(services(Handler.WS_MESSAGE))
                            .handleRaw(World.wsEvent(
                                    "c-" + args[0], "{\"action\":\"sendMessage\",\"message\":\"" + args[1] + "\"}"));
                    assertThat(status(response)).isEqualTo(200);
                    return response;
                },
                Handler.WS_MESSAGE);
        assertThat(admin.query(b -> b.tableName(StrictProduct.NAMES.table(Table.PENDING_MESSAGES))
                                .keyConditionExpression("PK = :pk")
                                .expressionAttributeValues(
                                        Map.of(":pk", AttributeValue.fromS(Constants.USER_PREFIX + "u-web-1"))))
                        .count())
                .as("messages queued while the container starts")
                .isPositive();
    }

    // --- Telegram -------------------------------------------------------------------------------------

    @Test
    void telegramChecksItsSecretLinksAndRoutes() {
        TelegramWebhookHandler handler = new TelegramWebhookHandler(services(Handler.TELEGRAM_WEBHOOK));
        assertThat(status(handler.handleRaw(World.httpEvent(
                        "POST",
                        "/telegram",
                        null,
                        Map.of(TelegramWebhookHandler.SECRET_HEADER, "wrong"),
                        World.telegramUpdate(1, 1L, "hi")))))
                .isEqualTo(403);

        // a code from the web app (api-handler's role), then /link in Telegram (the webhook's role)
        JsonNode otp = World.body(new ApiHandler(services(Handler.API))
                .handleRaw(World.httpEvent("POST", "/link/generate-otp", "u-linker", Map.of(), null)));
        int sent = telegram.requests.size();
        assertThat(status(handler.handleRaw(telegramEvent(World.telegramUpdate(
                        55, 55L, "/link " + otp.path("code").asText())))))
                .isEqualTo(200);
        assertThat(telegram.requests.get(sent).body())
                .contains(io.github.serverlessopenclaw.common.Texts.LINKED.in(
                        io.github.serverlessopenclaw.common.Language.en));
        assertThat(telegram.requests.get(sent).path()).isEqualTo("/bot" + StrictProduct.BOT_TOKEN + "/sendMessage");
        handler.handleRaw(telegramEvent(World.telegramUpdate(55, 55L, "/unlink")));

        routerPaths(
                "7700",
                who -> "telegram:" + who.replaceAll("\\D", ""),
                args -> {
                    long id = Long.parseLong(args[0].replaceAll("\\D", ""));
                    JsonNode response = new TelegramWebhookHandler(services(Handler.TELEGRAM_WEBHOOK))
                            .handleRaw(telegramEvent(World.telegramUpdate(id, id, args[1])));
                    assertThat(status(response)).isEqualTo(200);
                    return response;
                },
                Handler.TELEGRAM_WEBHOOK);
    }

    // --- HTTP API --------------------------------------------------------------------------------------

    @Test
    void apiAnswersStatusHistoryAndLinkingAndRefusesAnonymousCalls() {
        ApiHandler handler = new ApiHandler(services(Handler.API));
        assertThat(status(handler.handleRaw(World.httpEvent("GET", "/status", null, Map.of(), null))))
                .isEqualTo(401);
        assertThat(World.body(handler.handleRaw(World.httpEvent("GET", "/status", "u-api", Map.of(), null)))
                        .path("status")
                        .asText())
                .isEqualTo("Idle");
        assertThat(status(handler.handleRaw(World.httpEvent("GET", "/conversations", "u-api", Map.of(), null))))
                .isEqualTo(200);
        String code = World.body(
                        handler.handleRaw(World.httpEvent("POST", "/link/generate-otp", "u-api", Map.of(), null)))
                .path("code")
                .asText();
        // a second code replaces the first (delete of the old code's row)
        handler.handleRaw(World.httpEvent("POST", "/link/generate-otp", "u-api", Map.of(), null));
        assertThat(row(Table.SETTINGS, Constants.USER_PREFIX + "otp:" + code, Identity.OTP_OWNER_SETTING))
                .isNull();
        new TelegramWebhookHandler(services(Handler.TELEGRAM_WEBHOOK))
                .handleRaw(telegramEvent(World.telegramUpdate(
                        66,
                        66L,
                        "/link "
                                + World.body(handler.handleRaw(
                                                World.httpEvent("POST", "/link/generate-otp", "u-api", Map.of(), null)))
                                        .path("code")
                                        .asText())));
        assertThat(World.body(handler.handleRaw(World.httpEvent("GET", "/link/status", "u-api", Map.of(), null)))
                        .path("linked")
                        .asBoolean())
                .isTrue();
        assertThat(status(handler.handleRaw(World.httpEvent("POST", "/link/unlink", "u-api", Map.of(), null))))
                .isEqualTo(200);
        assertThat(World.body(handler.handleRaw(World.httpEvent("GET", "/link/status", "u-api", Map.of(), null)))
                        .path("linked")
                        .asBoolean())
                .isFalse();
    }

    // --- schedules --------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void watchdogStopsIdleContainersClearsRowsOfGoneTasksAndAdmitsAWaitingUser() {
        clearTaskStates();
        String idle = runTask();
        putTaskState("u-idle", "Running", idle, "127.0.0.1", LONG_AGO);
        String gone = runTask();
        adminEcs.stopTask(
                b -> b.cluster(StrictProduct.NAMES.cluster()).task(gone).reason("test"));
        putTaskState("u-gone", "Running", gone, "127.0.0.1", LONG_AGO);
        // with a cap of one container, a new user's message waits in line (the two rows above count)
        Map<String, String> capped = environment();
        capped.put(Env.MAX_CONTAINERS, "1");
        new Connections(services(Handler.WS_CONNECT)).save("c-wait", "u-wait", TOKEN_EXPIRES_AT);
        assertThat(status(new WsMessageHandler(services(Handler.WS_MESSAGE, capped))
                        .handleRaw(World.wsEvent("c-wait", "{\"action\":\"sendMessage\",\"message\":\"waiting\"}"))))
                .isEqualTo(200);
        assertThat(taskState("u-wait")).isNull();

        JsonNode summary = new WatchdogHandler(services(Handler.WATCHDOG, capped)).handleRaw("{}");

        assertThat(summary.path("stopped").toString()).contains("u-idle");
        assertThat(summary.path("cleared").toString()).contains("u-gone");
        assertThat(lastStatus(idle)).isEqualTo("STOPPED");
        assertThat(taskState("u-idle")).isNull();
        assertThat(summary.path("admitted").toString()).as(summary.toString()).contains("u-wait");
        assertThat(lastStatus(taskState("u-wait").get("taskArn").s())).isEqualTo("RUNNING");
    }

    @Test
    @Order(11)
    void prewarmStartsAContainerThenExtendsItAndReleasesAFailedClaim() {
        clearTaskStates();
        Map<String, String> broken = environment();
        broken.put(Env.TASK_FAMILY, "no-such-family");
        assertThat(new PrewarmHandler(services(Handler.PREWARM, broken))
                        .handleRaw("{}")
                        .path("result")
                        .asText())
                .isEqualTo("failed");
        assertThat(taskState(Constants.PREWARM_USER_ID)).isNull();

        PrewarmHandler handler = new PrewarmHandler(services(Handler.PREWARM));
        JsonNode started = handler.handleRaw("{}");
        assertThat(started.path("result").asText()).isEqualTo("started");
        assertThat(lastStatus(started.path("taskArn").asText())).isEqualTo("RUNNING");
        assertThat(handler.handleRaw("{}").path("result").asText()).isEqualTo("extended");
        assertThat(taskState(Constants.PREWARM_USER_ID).get("prewarmUntil")).isNotNull();
    }
}
