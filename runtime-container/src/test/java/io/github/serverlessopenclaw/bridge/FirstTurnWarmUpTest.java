package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A container up before the user's message (prewarm, the chat page opening it) does the gateway's first-turn work
 * right after ready: the real gateway, the bridge's {@code Main} in its own JVM, the user's message sent afterwards.
 */
@ExtendWith(MotoExtension.class)
class FirstTurnWarmUpTest {
    private static final String USER = "user-warm-up";
    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/test-cluster/warm-up";
    /** What OpenClaw logs once per process, when a turn first opens the agent database. */
    private static final String DATABASE_CHECK = "database integrity verification";

    @Test
    void theFirstTurnsOneTimeWorkIsDoneBeforeTheMessageWithoutAModelRequestAndLeavesNoSession(Moto moto)
            throws Exception {
        AwsServices aws = AwsFixture.services(moto);
        AwsFixture.create(aws);
        aws.dynamo()
                .putItem(b -> b.tableName(AwsFixture.TASK_STATE)
                        .item(Map.of(
                                "PK", AttributeValue.fromS("USER#" + USER),
                                "status", AttributeValue.fromS("Starting"),
                                "taskArn", AttributeValue.fromS(TASK_ARN))));
        Path state = Files.createTempDirectory("bridge-warm-up-state");
        int port = OpenClawInstallation.freePort();
        String gatewayToken = "gateway-" + UUID.randomUUID();
        List<String> output = new CopyOnWriteArrayList<>();
        try (StubModelServer model = new StubModelServer();
                Recorder apiGateway = new Recorder();
                EcsMetadataStandIn metadata = new EcsMetadataStandIn(TASK_ARN, "10.0.9.9")) {
            Map<String, String> env =
                    BridgeEnv.of(USER, gatewayToken, state, model, port, moto, metadata.uri(), apiGateway.url());
            BridgeJvm jvm = BridgeJvm.start(env, false, output, "warm-up", line -> true);
            Process bridge = jvm.process();
            try (GatewayClient observer = new GatewayClient(
                    URI.create("ws://127.0.0.1:" + env.get(Env.GATEWAY_PORT)),
                    gatewayToken,
                    GatewayClient.Settings.defaults())) {
                jvm.awaitLine("ready in", Duration.ofMinutes(6));
                jvm.awaitLine("first turn warmed up in", Duration.ofMinutes(4));
                assertThat(model.requests())
                        .as("model requests during the warm-up")
                        .isEmpty();
                assertThat(output).anyMatch(line -> line.contains(DATABASE_CHECK));
                observer.connect(Duration.ofSeconds(30));
                assertThat(sessionKeys(observer))
                        .as("sessions after the warm-up")
                        .isEmpty();

                int before = output.size();
                LambdaCalls.Target target = LambdaCalls.Target.fromRow(port, row(aws));
                assertThat(LambdaCalls.postMessage(target, USER, "hello after a pause", "web", "conn-1")
                                .statusCode())
                        .isEqualTo(202);
                apiGateway.awaitType("conn-1", "stream_end", Duration.ofMinutes(3));
                List<String> turn = new ArrayList<>(output.subList(before, output.size()));
                assertThat(turn).as("the first turn's lines").noneMatch(line -> line.contains(DATABASE_CHECK));
                assertThat(model.userTexts())
                        .singleElement()
                        .satisfies(text -> assertThat(text).contains("hello after a pause"));
                assertThat(sessionKeys(observer))
                        .containsExactly(MessageProcessor.sessionKey(USER, Protocol.DEFAULT_CONVERSATION));
            } finally {
                bridge.destroyForcibly();
                bridge.descendants().forEach(ProcessHandle::destroyForcibly);
                bridge.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> sessionKeys(GatewayClient gateway) throws Exception {
        JsonNode list = gateway.request("sessions.list", Json.object()).get(30, TimeUnit.SECONDS);
        List<String> keys = new ArrayList<>();
        list.path("sessions").forEach(session -> keys.add(Json.text(session, "key")));
        return keys;
    }

    private static Map<String, AttributeValue> row(AwsServices aws) {
        return aws.dynamo()
                .getItem(
                        b -> b.tableName(AwsFixture.TASK_STATE).key(Map.of("PK", AttributeValue.fromS("USER#" + USER))))
                .item();
    }
}
