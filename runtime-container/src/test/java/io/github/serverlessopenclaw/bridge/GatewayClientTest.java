package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The v4 client against the real OpenClaw gateway (pinned version, Node 24) and a stub model on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayClientTest {
    private static final String TOKEN = "test-gateway-token-" + UUID.randomUUID();
    private StubModelServer model;
    private GatewayProcess gateway;
    private GatewayClient client;
    private String giveUp;

    @BeforeAll
    void startGateway() throws Exception {
        model = new StubModelServer();
        Path state = Files.createTempDirectory("openclaw-state");
        gateway = new GatewayProcess(OpenClawInstallation.settings(state, TOKEN, model, true), why -> giveUp = why);
        gateway.start();
        gateway.awaitStarted();
        client = new GatewayClient(gateway.webSocketUri(), TOKEN, GatewayClient.Settings.defaults());
        FrameRecording.attach(client, "gateway-client-test");
        client.connect(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void handshakeAsBackendGetsReadAndWriteScopes() {
        assertThat(client.isConnected()).isTrue();
        assertThat(client.grantedScopes())
                .extracting(node -> node.asText())
                .contains("operator.read", "operator.write");
    }

    @Test
    void wrongTokenFailsAtOnceWithTheReason() {
        try (GatewayClient wrong =
                new GatewayClient(gateway.webSocketUri(), "not-the-token", GatewayClient.Settings.defaults())) {
            assertThatThrownBy(() -> wrong.connect(Duration.ofSeconds(60)))
                    .isInstanceOf(GatewayException.class)
                    .satisfies(e ->
                            assertThat(((GatewayException) e).isPermanent()).isTrue())
                    .hasMessageContaining("AUTH_TOKEN_MISMATCH");
        }
    }

    @Test
    void streamsAReplyAsDeltasEndingInTheFullText() throws Exception {
        RecordingListener listener = new RecordingListener();
        String reply = client.send(
                        "agent:main:test-stream",
                        "hello there",
                        UUID.randomUUID().toString(),
                        listener,
                        Duration.ofSeconds(10))
                .get(120, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo(StubModelServer.replyFor("hello there"));
        assertThat(listener.finalText).isEqualTo(reply);
        assertThat(listener.deltas).hasSizeGreaterThan(1);
        assertThat(listener.shown()).isEqualTo(reply);
    }

    @Test
    void twoUsersGetTheirOwnRepliesAtTheSameTime() throws Exception {
        RecordingListener alice = new RecordingListener();
        RecordingListener bob = new RecordingListener();
        CompletableFuture<String> a = client.send(
                "agent:main:test-alice",
                "question from alice",
                UUID.randomUUID().toString(),
                alice,
                Duration.ofSeconds(10));
        CompletableFuture<String> b = client.send(
                "agent:main:test-bob", "question from bob", UUID.randomUUID().toString(), bob, Duration.ofSeconds(10));

        assertThat(a.get(120, TimeUnit.SECONDS)).isEqualTo("Echo: question from alice");
        assertThat(b.get(120, TimeUnit.SECONDS)).isEqualTo("Echo: question from bob");
        assertThat(alice.shown()).isEqualTo("Echo: question from alice");
        assertThat(bob.shown()).isEqualTo("Echo: question from bob");
    }

    @Test
    void aModelErrorFailsTheRunWithAMessage() {
        RecordingListener listener = new RecordingListener();
        CompletableFuture<String> run = client.send(
                "agent:main:test-error",
                "please " + StubModelServer.FAIL,
                UUID.randomUUID().toString(),
                listener,
                Duration.ofSeconds(10));

        assertThatThrownBy(() -> run.get(120, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(listener.error).isNotBlank();
        assertThat(listener.finalText).isNull();
    }

    /**
     * The real gateway frozen with SIGSTOP: its socket stays open but no {@code tick} comes. The client must
     * give the connection up on its own (2 × {@code policy.tickIntervalMs} of silence; nothing else can end it,
     * the kernel keeps a stopped process's socket open) and, once the gateway runs again, reconnect and still
     * deliver the whole reply of the run that was streaming.
     */
    @Test
    void aGatewayThatStopsTickingIsGivenUpAndReconnectedAndTheRunStillEndsWhole() throws Exception {
        model.slowChunkMillis(200);
        long reconnectsBefore = client.reconnectCount();
        RecordingListener listener = new RecordingListener();
        CompletableFuture<String> run = client.send(
                "agent:main:test-stall",
                "stall " + StubModelServer.SLOW,
                UUID.randomUUID().toString(),
                listener,
                Duration.ofSeconds(10));
        Await.await(() -> !listener.deltas.isEmpty(), Duration.ofMinutes(2), "a first delta");

        signal("STOP", gateway.pid());
        try {
            Await.await(
                    () -> !client.isConnected(), Duration.ofMinutes(3), "the client to give up the silent connection");
            assertThat(run)
                    .as("the run waits for the reconnect instead of failing")
                    .isNotDone();
        } finally {
            signal("CONT", gateway.pid());
        }

        assertThat(run.get(3, TimeUnit.MINUTES)).isEqualTo(StubModelServer.replyFor(StubModelServer.SLOW));
        assertThat(listener.finalText).isEqualTo(StubModelServer.replyFor(StubModelServer.SLOW));
        assertThat(client.reconnectCount()).isGreaterThan(reconnectsBefore);
        assertThat(client.isConnected()).isTrue();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    @Test
    void historyReturnsTheLastReply() throws Exception {
        String reply = client.send(
                        "agent:main:test-history",
                        "remember me",
                        UUID.randomUUID().toString(),
                        new RecordingListener(),
                        Duration.ofSeconds(10))
                .get(120, TimeUnit.SECONDS);

        assertThat(GatewayFrames.lastAssistantText(
                        client.history("agent:main:test-history", 10).get(30, TimeUnit.SECONDS)))
                .isEqualTo(reply);
    }
}
