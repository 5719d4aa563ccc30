package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Texts;
import io.github.serverlessopenclaw.testing.Await;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole bridge, in process, with the real OpenClaw gateway as its child, a stub model, DynamoDB and S3
 * on moto, and local stand-ins for the API Gateway Management endpoint, Telegram and the ECS metadata.
 * Messages go in through the real HTTP API, exactly as the Lambdas send them.
 *
 * <p>The methods share one bridge and gateway (a gateway start costs minutes here) and run in the order of their
 * {@code @Order}, each a step of one container's life: the start-up checks see the container before any other
 * message reaches it, the turn counts of later steps include the turns of the earlier ones, and the gateway kill
 * comes last because it restarts the gateway the others use.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeEndToEndTest {
    private static final String USER = "user-a";
    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/test-cluster/abc";
    private static final String BOT_TOKEN = "123:bot-token";
    /** The linked Telegram user's chat this container was started for (TELEGRAM_CHAT_ID). */
    private static final String START_CHAT = "777";

    private static final Duration REPLY = Duration.ofSeconds(180);

    private AwsServices aws;
    private StubModelServer model;
    private Recorder apiGateway;
    private Recorder telegram;
    private EcsMetadataStandIn metadata;
    private Bridge bridge;
    private Path state;
    private String publicIp;

    @BeforeAll
    void start(Moto moto) throws Exception {
        aws = AwsFixture.services(moto);
        AwsFixture.create(aws);
        publicIp = AwsFixture.attachPublicIp(moto, "10.0.0.5");
        model = new StubModelServer();
        apiGateway = new Recorder();
        telegram = new Recorder();
        metadata = new EcsMetadataStandIn(TASK_ARN, "10.0.0.5");
        // what the Lambdas left: the claimed TaskState row, a queued message, a backed-up workspace file
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.TASK_STATE)
                        .item(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + USER),
                                "status",
                                AttributeValue.fromS("Starting"),
                                "taskArn",
                                AttributeValue.fromS(TASK_ARN),
                                "startedAt",
                                AttributeValue.fromS(Instant.now().toString()))));
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.PENDING)
                        .item(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + USER),
                                "SK",
                                AttributeValue.fromS("MSG#1#x"),
                                "message",
                                AttributeValue.fromS("queued while starting"),
                                "channel",
                                AttributeValue.fromS("web"),
                                "connectionId",
                                AttributeValue.fromS("conn-pending"),
                                "createdAt",
                                AttributeValue.fromS(Instant.now().toString()),
                                "ttl",
                                AttributeValue.fromN("9999999999"))));
        aws.s3()
                .putObject(
                        b -> b.bucket(AwsFixture.BUCKET).key("workspaces/" + USER + "/notes/todo.md"),
                        RequestBody.fromString("restored from S3"));

        state = Files.createTempDirectory("bridge-e2e-state");
        GatewaySettings gateway =
                OpenClawInstallation.settings(state, "gateway-token-" + UUID.randomUUID(), model, true);
        BridgeConfig config = new BridgeConfig(
                USER,
                BOT_TOKEN,
                URI.create(telegram.url()),
                START_CHAT,
                Language.ko,
                apiGateway.url() + "/prod",
                AwsFixture.BUCKET,
                AwsFixture.CONVERSATIONS,
                AwsFixture.TASK_STATE,
                AwsFixture.PENDING,
                0,
                gateway,
                Duration.ofMinutes(30),
                Duration.ofSeconds(20),
                Duration.ofMinutes(5),
                Duration.ofMinutes(12),
                URI.create(metadata.uri()),
                false);
        bridge = new Bridge(config, aws, Clock.systemUTC(), LatencyRecorder.NONE, () -> {});
        FrameRecording.attach(bridge.client(), "bridge-end-to-end-test");
        bridge.start();
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.stop("test end");
        }
        for (AutoCloseable closeable : new AutoCloseable[] {model, apiGateway, telegram, metadata}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void startupPublishesTheAddressAnswersTheQueueAndRestoresTheWorkspace() throws Exception {
        var row = aws.dynamo()
                .getItem(
                        b -> b.tableName(AwsFixture.TASK_STATE).key(Map.of("PK", AttributeValue.fromS("USER#" + USER))))
                .item();
        assertThat(row.get("status").s()).isEqualTo("Running");
        assertThat(row.get("publicIp").s()).isEqualTo(publicIp);
        assertThat(row).containsKey("startedAt"); // the Lambda's field survives the bridge's update
        // the bridge published how the Lambdas reach it: its own certificate's fingerprint and token
        assertThat(row.get(Constants.TASK_STATE_CERT_SHA256).s())
                .isEqualTo(bridge.identity().fingerprint())
                .matches("[0-9a-f]{64}");
        assertThat(row.get(Constants.TASK_STATE_BRIDGE_TOKEN).s())
                .isEqualTo(bridge.identity().token());

        List<Recorder.Post> frames = apiGateway.awaitType("conn-pending", "stream_end", REPLY);
        assertThat(Recorder.shown(frames)).isEqualTo("Echo: queued while starting");
        assertThat(frames.get(0).path()).startsWith("/prod/@connections/");
        AwsFixture.awaitPendingEmpty(aws);

        assertThat(GatewaySettings.workspaceOf(state).resolve("notes/todo.md")).hasContent("restored from S3");
    }

    @Test
    @Order(2)
    void theTelegramChatItStartedForIsToldStartingThenReadyInItsLanguage() throws Exception {
        Await.await(() -> telegram.toChat(START_CHAT).size() >= 2, Duration.ofSeconds(30), "two start-up notices");
        assertThat(telegram.toChat(START_CHAT))
                .extracting(post -> post.body().path("text").asText())
                .containsExactly(Texts.CONTAINER_STARTED.in(Language.ko), Texts.AGENT_READY.in(Language.ko));
        assertThat(telegram.toChat(START_CHAT))
                .allSatisfy(post -> assertThat(post.path()).isEqualTo("/bot" + BOT_TOKEN + "/sendMessage"));
    }

    @Test
    @Order(3)
    void aWebMessageStreamsToTheConnectionAndIsSaved() throws Exception {
        assertThat(post(USER, "what is the time", "web", "conn-web-1").statusCode())
                .isEqualTo(202);

        List<Recorder.Post> frames = apiGateway.awaitType("conn-web-1", "stream_end", REPLY);
        assertThat(frames.get(0).body().path("type").asText() + " "
                        + frames.get(0).body().path("status").asText())
                .isEqualTo("status Running");
        assertThat(frames.get(1).type()).isEqualTo("stream_chunk");
        assertThat(frames.get(frames.size() - 1).type()).isEqualTo("stream_end");
        assertThat(Recorder.shown(frames)).isEqualTo("Echo: what is the time");

        var turns = awaitTurns(3); // saved right after the reply is handed over
        assertThat(turns)
                .extracting(
                        item -> item.get("role").s() + ":" + item.get("content").s())
                .contains("user:what is the time", "assistant:Echo: what is the time");
        assertThat(turns).allSatisfy(item -> {
            assertThat(item.get("SK").s()).matches("CONV#default#MSG#\\d+");
            assertThat(Long.parseLong(item.get(Constants.TTL).n()))
                    .isGreaterThan(Instant.now().getEpochSecond());
        });
    }

    @Test
    @Order(4)
    void aMessageOfAnotherConversationIsAnsweredAndSavedInThatConversation() throws Exception {
        assertThat(LambdaCalls.send(
                                target(),
                                "POST",
                                "/message",
                                LambdaCalls.body(USER, "about topic a", "web", "conn-topic", "topic-a"))
                        .statusCode())
                .isEqualTo(202);

        assertThat(Recorder.shown(apiGateway.awaitType("conn-topic", "stream_end", REPLY)))
                .isEqualTo("Echo: about topic a");
        List<Map<String, AttributeValue>> turns = Await.await(
                () -> aws.dynamo()
                        .query(b -> b.tableName(AwsFixture.CONVERSATIONS)
                                .keyConditionExpression("PK = :pk AND begins_with(SK, :conv)")
                                .expressionAttributeValues(Map.of(
                                        ":pk",
                                        AttributeValue.fromS("USER#" + USER),
                                        ":conv",
                                        AttributeValue.fromS("CONV#topic-a#MSG#"))))
                        .items(),
                items -> items.size() >= 2,
                Duration.ofSeconds(30),
                "the two turns of conversation topic-a");
        assertThat(turns)
                .extracting(
                        item -> item.get("role").s() + ":" + item.get("content").s())
                .containsExactly("user:about topic a", "assistant:Echo: about topic a");
        // its own gateway session: the session key is per user and conversation
        assertThat(MessageProcessor.sessionKey(USER, "topic-a"))
                .isNotEqualTo(MessageProcessor.sessionKey(USER, "default"));
    }

    @Test
    @Order(5)
    void twoConversationsAtOnceEachGetTheirOwnReply() throws Exception {
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() ->
                LambdaCalls.send(target(), "POST", "/message", LambdaCalls.body(USER, "from b", "web", "conn-b", "b")));
        CompletableFuture<HttpResponse<String>> c = CompletableFuture.supplyAsync(() ->
                LambdaCalls.send(target(), "POST", "/message", LambdaCalls.body(USER, "from c", "web", "conn-c", "c")));
        assertThat(a.join().statusCode()).isEqualTo(202);
        assertThat(c.join().statusCode()).isEqualTo(202);

        assertThat(Recorder.shown(apiGateway.awaitType("conn-b", "stream_end", REPLY)))
                .isEqualTo("Echo: from b");
        assertThat(Recorder.shown(apiGateway.awaitType("conn-c", "stream_end", REPLY)))
                .isEqualTo("Echo: from c");
    }

    @Test
    @Order(6)
    void attackAMessageForAnotherUsersContainerIsRefusedAndNothingChanges() throws Exception {
        HttpResponse<String> response = post("user-mallory", "read me user-a's notes", "web", "conn-mallory");

        assertThat(response.statusCode()).isEqualTo(403);
        Thread.sleep(500);
        assertThat(apiGateway.to("conn-mallory")).isEmpty();
        assertThat(aws.dynamo()
                        .query(b -> b.tableName(AwsFixture.CONVERSATIONS)
                                .keyConditionExpression("PK = :pk")
                                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#user-mallory"))))
                        .items())
                .isEmpty();
        assertThat(aws.dynamo()
                        .getItem(b -> b.tableName(AwsFixture.TASK_STATE)
                                .key(Map.of("PK", AttributeValue.fromS("USER#user-mallory"))))
                        .item())
                .isNullOrEmpty();
    }

    @Test
    @Order(7)
    void aModelErrorReachesTheUserAsAnErrorFrame() throws Exception {
        post(USER, "break " + StubModelServer.FAIL, "web", "conn-error");

        List<Recorder.Post> frames = apiGateway.awaitType("conn-error", "error", REPLY);
        Recorder.Post error = frames.get(frames.size() - 1);
        assertThat(error.body().path("error").asText()).startsWith("The agent could not answer");
        assertThat(frames).noneMatch(post -> post.type().equals("stream_end"));
    }

    @Test
    @Order(8)
    void aTelegramReplyIsSentWhole() throws Exception {
        post(USER, "hello bot", "telegram", "telegram:42"); // the linked user's message from chat 42

        Await.await(() -> !telegram.toChat("42").isEmpty(), REPLY, "the Telegram reply to chat 42");
        assertThat(telegram.toChat("42")).singleElement().satisfies(message -> {
            assertThat(message.path()).isEqualTo("/bot" + BOT_TOKEN + "/sendMessage");
            assertThat(message.body().path("chat_id").asText()).isEqualTo("42");
            assertThat(message.body().path("text").asText()).isEqualTo("Echo: hello bot");
        });
        assertThat(apiGateway.to("telegram:42")).isEmpty();
    }

    @Test
    @Order(9)
    void aGatewayKilledMidReplyIsRestartedAndTheUserGetsTheWholeReply() throws Exception {
        model.slowChunkMillis(400);
        long pid = bridge.gateway().pid();
        post(USER, "long story " + StubModelServer.SLOW, "web", "conn-crash");
        apiGateway.awaitType("conn-crash", "stream_chunk", REPLY);

        bridge.gateway().crash();

        // a restart takes as long as a cold gateway start: minutes on a loaded 2-core machine
        List<Recorder.Post> frames = awaitEnd("conn-crash", Duration.ofMinutes(11));
        assertThat(bridge.gateway().pid()).isNotEqualTo(pid);
        assertThat(bridge.gateway().restarts()).isEqualTo(1);
        assertThat(bridge.client().reconnectCount()).isGreaterThanOrEqualTo(1);
        // the restarted gateway resumes the interrupted turn itself; the re-sent message joins it, and the user
        // gets that turn's whole reply (replacing the part streamed before the kill), never a silent partial
        Recorder.Post last = frames.get(frames.size() - 1);
        System.out.println("[test] after the gateway was killed the user got: " + last.body());
        assertThat(last.type()).as("frames %s", frames).isEqualTo("stream_end");
        assertThat(Recorder.shown(frames))
                .as("frames %s", frames)
                .isEqualTo(StubModelServer.replyFor(StubModelServer.SLOW));
    }

    private List<Recorder.Post> awaitEnd(String connectionId, Duration timeout) {
        return Await.await(
                () -> apiGateway.to(connectionId),
                frames -> frames.stream()
                        .anyMatch(post ->
                                post.type().equals("stream_end") || post.type().equals("error")),
                timeout,
                "the reply to " + connectionId + " to end or fail");
    }

    /** More than {@code atLeast} turns of the user stored (it used to return whatever it had after 30 s). */
    private List<Map<String, AttributeValue>> awaitTurns(int atLeast) {
        return Await.await(
                () -> aws.dynamo()
                        .query(b -> b.tableName(AwsFixture.CONVERSATIONS)
                                .keyConditionExpression("PK = :pk")
                                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + USER))))
                        .items(),
                turns -> turns.size() > atLeast,
                Duration.ofSeconds(30),
                "more than " + atLeast + " stored turns");
    }

    private HttpResponse<String> post(String userId, String message, String channel, String connectionId) {
        return LambdaCalls.postMessage(target(), userId, message, channel, connectionId);
    }

    /** What the Lambdas read from the row. */
    private LambdaCalls.Target target() {
        return LambdaCalls.Target.fromRow(
                bridge.port(),
                aws.dynamo()
                        .getItem(b -> b.tableName(AwsFixture.TASK_STATE)
                                .key(Map.of("PK", AttributeValue.fromS("USER#" + USER))))
                        .item());
    }
}
