package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A prewarmed container ({@code USER_ID=system:prewarm}) with the real gateway, DynamoDB and S3 on moto: it
 * starts with nobody's files, and once a user's message shows it was claimed, that user's workspace is restored
 * before the reply, that user's queue is answered, and backups go to that user's prefix.
 */
@ExtendWith(MotoExtension.class)
class PrewarmClaimTest {
    private static final String CLAIMER = "claimer-sub-1";
    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/test-cluster/prewarm";
    private static final Duration REPLY = Duration.ofSeconds(180);

    @Test
    void theClaimingUsersWorkspaceAndQueueAreUsedNotThePrewarmMarkers(Moto moto) throws Exception {
        AwsServices aws = AwsFixture.services(moto);
        AwsFixture.create(aws);
        String prewarmPrefix = "workspaces/" + Constants.PREWARM_USER_ID + "/";
        aws.s3()
                .putObject(
                        b -> b.bucket(AwsFixture.BUCKET).key(prewarmPrefix + "stray.md"),
                        RequestBody.fromString("nobody's"));
        aws.s3()
                .putObject(
                        b -> b.bucket(AwsFixture.BUCKET).key("workspaces/" + CLAIMER + "/notes/mine.md"),
                        RequestBody.fromString("the claimer's notes"));
        // what the prewarm Lambda wrote before RunTask, and a message the Lambdas queued for the claimer
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.TASK_STATE)
                        .item(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + Constants.PREWARM_USER_ID),
                                "status",
                                AttributeValue.fromS("Starting"),
                                "taskArn",
                                AttributeValue.fromS(TASK_ARN),
                                "startedAt",
                                AttributeValue.fromS(Instant.now().toString()),
                                "prewarmUntil",
                                AttributeValue.fromN(Long.toString(
                                        Instant.now().plusSeconds(3600).toEpochMilli())))));
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.PENDING)
                        .item(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + CLAIMER),
                                "SK",
                                AttributeValue.fromS("MSG#1#q"),
                                "message",
                                AttributeValue.fromS("queued for the claimer"),
                                "channel",
                                AttributeValue.fromS("web"),
                                "connectionId",
                                AttributeValue.fromS("conn-queued"),
                                "createdAt",
                                AttributeValue.fromS(Instant.now().toString()),
                                "ttl",
                                AttributeValue.fromN("9999999999"))));

        Path state = Files.createTempDirectory("bridge-prewarm-state");
        Path mine = GatewaySettings.workspaceOf(state).resolve("notes/mine.md");
        List<Boolean> restoredWhenModelCalled = new CopyOnWriteArrayList<>();
        try (StubModelServer model = new StubModelServer();
                Recorder apiGateway = new Recorder();
                EcsMetadataStandIn metadata = new EcsMetadataStandIn(TASK_ARN, "10.0.7.7")) {
            model.onCompletion(() -> restoredWhenModelCalled.add(Files.exists(mine)));
            BridgeConfig config = new BridgeConfig(
                    Constants.PREWARM_USER_ID,
                    null,
                    URI.create(apiGateway.url()),
                    null,
                    Language.en,
                    apiGateway.url(),
                    AwsFixture.BUCKET,
                    AwsFixture.CONVERSATIONS,
                    AwsFixture.TASK_STATE,
                    AwsFixture.PENDING,
                    0,
                    OpenClawInstallation.settings(state, "gw-" + UUID.randomUUID(), model, true),
                    Duration.ofMinutes(30),
                    Duration.ofSeconds(20),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(5),
                    URI.create(metadata.uri()),
                    false);
            Bridge bridge = new Bridge(config, aws, Clock.systemUTC(), LatencyRecorder.NONE, () -> {});
            try {
                bridge.start();
                assertThat(row(aws, Constants.PREWARM_USER_ID))
                        .containsEntry("status", AttributeValue.fromS("Running"))
                        .containsEntry("publicIp", AttributeValue.fromS("10.0.7.7"));
                assertThat(GatewaySettings.workspaceOf(state).resolve("stray.md"))
                        .doesNotExist();
                assertThat(mine).doesNotExist();

                // the row is what the Lambdas call with: the bridge's own fingerprint and token
                LambdaCalls.Target target =
                        LambdaCalls.Target.fromRow(bridge.port(), row(aws, Constants.PREWARM_USER_ID));
                assertThat(target.certSha256()).isEqualTo(bridge.identity().fingerprint());

                // attack: before any claim, a message naming some user (even with the token) is refused
                assertThat(LambdaCalls.postMessage(target, "intruder", "let me in", "web", "conn-intruder")
                                .statusCode())
                        .isEqualTo(403);

                claimAsTheLambdaDoes(aws);
                // attack: after the claim, another user is refused too
                assertThat(LambdaCalls.postMessage(target, "intruder", "let me in", "web", "conn-intruder")
                                .statusCode())
                        .isEqualTo(403);
                assertThat(LambdaCalls.postMessage(target, CLAIMER, "hello from the claimer", "web", "conn-claim")
                                .statusCode())
                        .isEqualTo(202);
                assertThat(LambdaCalls.postMessage(target, "intruder", "let me in", "web", "conn-intruder")
                                .statusCode())
                        .isEqualTo(403);

                assertThat(Recorder.shown(apiGateway.awaitType("conn-claim", "stream_end", REPLY)))
                        .isEqualTo("Echo: hello from the claimer");
                assertThat(Recorder.shown(apiGateway.awaitType("conn-queued", "stream_end", REPLY)))
                        .isEqualTo("Echo: queued for the claimer");
                assertThat(restoredWhenModelCalled).isNotEmpty().containsOnly(true);
                assertThat(mine).hasContent("the claimer's notes");
                AwsFixture.awaitPendingEmpty(aws);
                assertThat(apiGateway.to("conn-intruder"))
                        .as("nothing answered the intruder")
                        .isEmpty();
                assertThat(row(aws, "intruder"))
                        .as("no row, no workspace for the intruder")
                        .isNullOrEmpty();

                Files.writeString(
                        GatewaySettings.workspaceOf(state).resolve("made-after-claim.txt"), "the claimer's work");
            } finally {
                bridge.stop("test end");
            }
            assertThat(aws.s3()
                            .getObjectAsBytes(b ->
                                    b.bucket(AwsFixture.BUCKET).key("workspaces/" + CLAIMER + "/made-after-claim.txt"))
                            .asUtf8String())
                    .isEqualTo("the claimer's work");
            assertThat(aws.s3()
                            .listObjectsV2(b -> b.bucket(AwsFixture.BUCKET).prefix(prewarmPrefix))
                            .contents())
                    .extracting(S3Object::key)
                    .containsExactly(prewarmPrefix + "stray.md");
            assertThat(row(aws, CLAIMER))
                    .as("the claimer's TaskState row is released at stop")
                    .isEmpty();
        }
    }

    /** TaskStates.claimPrewarm's transaction: the prewarm row goes, the user's row names the same task. */
    private static void claimAsTheLambdaDoes(AwsServices aws) {
        Map<String, AttributeValue> prewarm = row(aws, Constants.PREWARM_USER_ID);
        aws.dynamo()
                .transactWriteItems(t -> t.transactItems(
                        i -> i.delete(d -> d.tableName(AwsFixture.TASK_STATE)
                                .key(Map.of("PK", AttributeValue.fromS("USER#" + Constants.PREWARM_USER_ID)))),
                        i -> i.put(p -> p.tableName(AwsFixture.TASK_STATE)
                                .item(Map.of(
                                        "PK",
                                        AttributeValue.fromS("USER#" + CLAIMER),
                                        "status",
                                        AttributeValue.fromS("Running"),
                                        "taskArn",
                                        prewarm.get("taskArn"),
                                        "publicIp",
                                        prewarm.get("publicIp"),
                                        Constants.TASK_STATE_CERT_SHA256,
                                        prewarm.get(Constants.TASK_STATE_CERT_SHA256),
                                        Constants.TASK_STATE_BRIDGE_TOKEN,
                                        prewarm.get(Constants.TASK_STATE_BRIDGE_TOKEN),
                                        "startedAt",
                                        prewarm.get("startedAt"),
                                        "lastActivity",
                                        AttributeValue.fromS(Instant.now().toString()))))));
    }

    private static Map<String, AttributeValue> row(AwsServices aws, String user) {
        return aws.dynamo()
                .getItem(
                        b -> b.tableName(AwsFixture.TASK_STATE).key(Map.of("PK", AttributeValue.fromS("USER#" + user))))
                .item();
    }
}
