package io.github.serverlessopenclaw.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lambda → bridge transport against moto and a TLS bridge stand-in on loopback that serves its own certificate
 * (a scripted stand-in, because the real bridge cannot be made to fail once, answer 401 forever, or be an
 * impostor; the real bridge's side of each attack is in runtime-container's BridgeHttpApiTest and
 * BridgeEndToEndTest). Each attack asserts that it fails and that nothing changed.
 */
@ExtendWith(MotoExtension.class)
class BridgeTransportTest {
    private World world;
    private WsMessageHandler handler;
    private String taskArn;

    @BeforeEach
    void setUp(Moto moto) {
        world = new World(moto);
        handler = new WsMessageHandler(world.services());
        world.connect("conn-1", "user-1");
        taskArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(20));
        world.putTaskState("user-1", "Running", taskArn, "127.0.0.1", started, started, null);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private void send(String text) {
        JsonNode response = handler.handleRaw(World.wsEvent(
                "conn-1", Json.write(Json.object().put("action", "sendMessage").put("message", text))));
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void attackCertificateMismatchTheImpostorAtTheRowsAddressReceivesNothing() {
        // another server now holds the address the row names (a reused IP), with a certificate of its own
        try (StubServer impostor = new StubServer(BridgeTls.generate())) {
            world.env.put(Env.BRIDGE_PORT, Integer.toString(impostor.port()));

            send("my secret plans");

            assertThat(impostor.requests)
                    .as("no request, so no token, reached the impostor")
                    .isEmpty();
            assertThat(world.bridge.requests).isEmpty();
            // the row's container is unreachable: the message is kept and a new container started
            assertThat(world.pending("user-1"))
                    .extracting(item -> item.get("message").s())
                    .containsExactly("my secret plans");
            assertThat(world.handlerRunTasks()).hasSize(1);
        }
    }

    @Test
    void attackRowWithoutAFingerprintIsNeverCalled() {
        // a Running row with an address but no pin (a bridge of an older version, or a forged row): no token is sent
        world.dynamo.updateItem(b -> b.tableName(world.names.table(Table.TASK_STATE))
                .key(Items.key(Constants.USER_PREFIX + "user-1"))
                .updateExpression("REMOVE " + Constants.TASK_STATE_CERT_SHA256));

        send("hello");

        assertThat(world.bridge.requests).isEmpty();
        assertThat(world.pending("user-1")).hasSize(1);
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.lastStatus(taskArn)).isEqualTo("STOPPED");
    }

    @Test
    void transientFailureDoesNotReplaceAHealthyContainer() {
        world.bridge.nextStatuses.add(500); // one failed call; /health and the retry succeed

        send("are you there?");

        assertThat(world.bridge.requests)
                .extracting(StubServer.Request::path)
                .containsExactly("/message", "/health", "/message");
        assertThat(world.bridge.requests)
                .allSatisfy(request ->
                        assertThat(request.header("Authorization")).isEqualTo("Bearer " + world.bridgeTls.token()));
        assertThat(world.handlerRunTasks()).as("no replacement").isEmpty();
        assertThat(world.lastStatus(taskArn)).isNotEqualTo("STOPPED");
        assertThat(world.taskState("user-1").get("taskArn").s()).isEqualTo(taskArn);
        assertThat(world.pending("user-1")).isEmpty();
        assertThat(world.pushes("conn-1"))
                .extracting(JsonNode::toString)
                .containsExactly("{\"type\":\"status\",\"status\":\"Running\"}");
    }

    @Test
    void failureWhoseHealthProbeFailsTooReplacesTheContainer() {
        world.bridge.nextStatuses.add(500);
        world.bridge.nextStatuses.add(500); // /health fails too

        send("are you there?");

        assertThat(world.bridge.requests).extracting(StubServer.Request::path).containsExactly("/message", "/health");
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.lastStatus(taskArn)).isEqualTo("STOPPED");
        assertThat(world.pending("user-1")).hasSize(1);
    }

    @Test
    void unauthorizedRereadsTheRowAndRetriesOnceWithTheNewToken() {
        String published = world.bridgeTls.token();
        setToken("token-read-before-the-bridge-published-its-own");
        world.bridge.nextStatuses.add(401);
        world.bridge.onRequest = request -> setToken(published); // the row changes while the call is on its way

        send("hello");

        assertThat(world.bridge.requests)
                .extracting(request -> request.header("Authorization"))
                .containsExactly("Bearer token-read-before-the-bridge-published-its-own", "Bearer " + published);
        assertThat(world.handlerRunTasks()).isEmpty();
        assertThat(world.pending("user-1")).isEmpty();
    }

    @Test
    void attackUnauthorizedLoopIsBoundedNMessagesReplaceTheContainerOnce() {
        world.bridge.status = 401; // a bridge that refuses the token of its own row, whatever happens

        send("message 1");

        // one re-read and one retry, then one replacement
        assertThat(world.bridge.requests).extracting(StubServer.Request::path).containsExactly("/message", "/message");
        assertThat(world.handlerRunTasks()).hasSize(1);
        assertThat(world.lastStatus(taskArn)).isEqualTo("STOPPED");
        Map<String, AttributeValue> starting = world.taskState("user-1");
        assertThat(starting.get(Constants.TASK_STATE_REPLACED_AFTER_401).bool()).isTrue();
        String successor = starting.get("taskArn").s();

        // the successor comes up as the bridge does it (an update conditional on its task ARN: the mark stays)
        // and refuses its token too
        world.dynamo.updateItem(b -> b.tableName(world.names.table(Table.TASK_STATE))
                .key(Items.key(Constants.USER_PREFIX + "user-1"))
                .updateExpression("SET #s = :running, publicIp = :ip, " + Constants.TASK_STATE_CERT_SHA256
                        + " = :cert, " + Constants.TASK_STATE_BRIDGE_TOKEN + " = :token")
                .conditionExpression("taskArn = :arn")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(
                        ":running",
                        Items.s("Running"),
                        ":ip",
                        Items.s("127.0.0.1"),
                        ":cert",
                        Items.s(world.bridgeTls.fingerprint()),
                        ":token",
                        Items.s(world.bridgeTls.token()),
                        ":arn",
                        Items.s(successor))));

        int n = 5;
        for (int i = 2; i <= n + 1; i++) {
            send("message " + i);
        }

        assertThat(world.handlerRunTasks()).as("N messages, one replacement").hasSize(1);
        assertThat(world.lastStatus(successor)).isNotEqualTo("STOPPED");
        assertThat(world.taskState("user-1").get("taskArn").s()).isEqualTo(successor);
        assertThat(world.pending("user-1")).hasSize(n + 1); // every message kept
        assertThat(world.calls("StopTask")).hasSize(1);
    }

    @Test
    void aClaimedPrewarmedContainerIsCalledWithItsOwnPin() {
        world.dynamo.deleteItem(
                b -> b.tableName(world.names.table(Table.TASK_STATE)).key(Items.key(Constants.USER_PREFIX + "user-1")));
        String prewarmArn = world.runTask();
        Instant started = world.clock.instant().minus(Duration.ofMinutes(3));
        world.putTaskState(Constants.PREWARM_USER_ID, "Running", prewarmArn, "127.0.0.1", started, started, null);

        send("hi");

        var claimed = world.taskState("user-1");
        assertThat(claimed.get(Constants.TASK_STATE_CERT_SHA256).s()).isEqualTo(world.bridgeTls.fingerprint());
        assertThat(claimed.get(Constants.TASK_STATE_BRIDGE_TOKEN).s()).isEqualTo(world.bridgeTls.token());
        assertThat(world.bridge.requests)
                .singleElement()
                .satisfies(request -> assertThat(
                                request.header(io.github.serverlessopenclaw.common.Protocol.BRIDGE_TASK_HEADER))
                        .isEqualTo(prewarmArn));
        assertThat(world.handlerRunTasks()).isEmpty();
    }

    private void setToken(String token) {
        world.dynamo.updateItem(b -> b.tableName(world.names.table(Table.TASK_STATE))
                .key(Items.key(Constants.USER_PREFIX + "user-1"))
                .updateExpression("SET " + Constants.TASK_STATE_BRIDGE_TOKEN + " = :token")
                .expressionAttributeValues(Map.of(":token", Items.s(token))));
    }
}
