package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One connection's handshake and request matching, fed with the real gateway's recorded frames
 * ({@code frames/bridge-end-to-end-test.frames}); the socket is a stand-in that keeps what the bridge sends.
 */
class GatewayConnectionTest {
    private static final RecordedFrames RECORDED = ChatRunsTest.RECORDED;

    private final List<String> sentFrames = new CopyOnWriteArrayList<>();
    private final List<JsonNode> chats = new CopyOnWriteArrayList<>();
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final GatewayConnection connection = new GatewayConnection(
            "the-token",
            GatewayClient.Settings.defaults(),
            new AtomicLong(),
            new GatewayConnection.Events() {
                @Override
                public void onChat(JsonNode payload) {
                    chats.add(payload);
                }

                @Override
                public void onLost(GatewayConnection c, String why) {
                    lost.add(why);
                }
            },
            null);

    GatewayConnectionTest() {
        connection.onOpen(new SocketStandIn());
    }

    private void receive(JsonNode frame) {
        connection.onText(connection.socket, Json.write(frame), true);
    }

    private RecordedFrames.Frame recorded(String type, String eventOrId) {
        return RECORDED.received().stream()
                .filter(f -> type.equals(f.type())
                        && eventOrId.equals(Json.text(f.json(), "res".equals(type) ? "id" : "event")))
                .findFirst()
                .orElseThrow();
    }

    /** The recorded {@code hello-ok}, answering the connect request this connection sent. */
    private ObjectNode helloFor(String id) {
        return ((ObjectNode) recorded("res", "connect-1").json().deepCopy()).put("id", id);
    }

    private JsonNode sent(int i) {
        return Json.read(sentFrames.get(i));
    }

    @Test
    void theChallengeIsAnsweredWithTheBackendConnectAndTheHelloCompletesTheHandshake() {
        receive(recorded("event", "connect.challenge").json());

        JsonNode connect = sent(0);
        JsonNode recordedConnect = RECORDED.sent("connect").get(0).json();
        ObjectNode expected = recordedConnect.path("params").deepCopy();
        ((ObjectNode) expected.path("auth")).put("token", "the-token");
        assertThat(connect.path("params")).isEqualTo(expected);
        assertThat(connection.hello).isNotDone();

        receive(helloFor(Json.text(connect, "id")));

        assertThat(connection.hello).isCompleted();
        assertThat(connection.isUp()).isTrue();
        assertThat(connection.tickIntervalMs).isEqualTo(30_000);
    }

    @Test
    void aHelloWithoutTheWriteScopeFailsThePermanentWay() {
        receive(recorded("event", "connect.challenge").json());
        ObjectNode hello = helloFor(Json.text(sent(0), "id"));
        ((ObjectNode) hello.path("payload").path("auth")).putArray("scopes"); // changed: what other client ids get

        receive(hello);

        assertThat(connection.hello).isCompletedExceptionally();
        GatewayException error = GatewayFrames.asGatewayException(
                connection.hello.handle((h, e) -> e).join());
        assertThat(error.isPermanent()).isTrue();
        assertThat(error.detailCode()).isEqualTo("MISSING_SCOPE");
    }

    @Test
    void answersAreMatchedByIdAndErrorsKeepTheirDetailCode() {
        CompletableFuture<JsonNode> first = connection.request("chat.send", Json.object());
        CompletableFuture<JsonNode> second = connection.request("chat.history", Json.object());
        JsonNode answer = RECORDED.answerTo(RECORDED.sent("chat.send").get(0)).json();

        ObjectNode refusal = Json.object()
                .put("type", "res")
                .put("id", Json.text(sent(0), "id"))
                .put("ok", false);
        refusal.putObject("error")
                .put("code", "INVALID_REQUEST")
                .put("message", "unauthorized")
                .putObject("details")
                .put("code", "AUTH_TOKEN_MISMATCH"); // the protocol's error shape (not recorded)
        receive(((ObjectNode) answer.deepCopy()).put("id", Json.text(sent(1), "id")));
        receive(refusal);

        assertThat(second).isCompletedWithValue(answer.path("payload"));
        assertThat(first).isCompletedExceptionally();
        GatewayException error =
                GatewayFrames.asGatewayException(first.handle((v, e) -> e).join());
        assertThat(error.detailCode()).isEqualTo("AUTH_TOKEN_MISMATCH");
        assertThat(error.isPermanent()).isTrue();
    }

    @Test
    void chatEventsGoOnAndOtherEventsDoNot() {
        RECORDED.received().stream()
                .filter(f -> "event".equals(f.type()))
                .map(RecordedFrames.Frame::json)
                .filter(f -> !"connect.challenge".equals(Json.text(f, "event")))
                .forEach(this::receive);

        assertThat(chats).isNotEmpty().hasSize((int) RECORDED.frames.stream()
                .filter(RecordedFrames.Frame::isChatEvent)
                .count());
    }

    @Test
    void aClose1013MeansStartingAndFailsTheHandshakeAsRetryable() {
        connection.onClose(connection.socket, 1013, "startup-sidecars");

        GatewayException error = GatewayFrames.asGatewayException(
                connection.hello.handle((h, e) -> e).join());
        assertThat(error.retryAfterMs()).isPositive();
        assertThat(error.isPermanent()).isFalse();
        assertThat(lost).singleElement().asString().contains("1013");
    }

    @Test
    void aLostConnectionFailsWhatIsPendingAndRefusesNewRequests() {
        CompletableFuture<JsonNode> pending = connection.request("chat.history", Json.object());

        connection.lost = true;
        connection.failPending(new GatewayException("the gateway connection was lost: closed 1006"));

        assertThat(pending).isCompletedExceptionally();
        assertThat(connection.request("chat.send", Json.object())).isCompletedExceptionally();
        assertThat(connection.isUp()).isFalse();
    }

    /** Keeps the frames the bridge sends; nothing is on the other end. */
    private final class SocketStandIn implements WebSocket {
        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            sentFrames.add(data.toString());
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {}

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {}
    }
}
