package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The chat state machine fed with the real gateway's frames, recorded by {@link BridgeEndToEndTest}
 * ({@code frames/bridge-end-to-end-test.frames}): each branch of {@link ChatRuns#dispatch} on its own, in
 * milliseconds. Where a test changes a recorded frame (to reach a branch the recording did not show), it says so.
 */
class ChatRunsTest {
    static final RecordedFrames RECORDED = RecordedFrames.load("bridge-end-to-end-test");

    private final ReplayGateway gateway = new ReplayGateway();
    private final ChatRuns runs = new ChatRuns(gateway);
    private final RecordingListener listener = new RecordingListener();

    /** Sends the recorded {@code chat.send} again (its session, message and key), answered as the gateway answered. */
    static CompletableFuture<String> replaySend(
            ReplayGateway gateway, ChatRuns runs, RecordingListener listener, RecordedFrames.Frame send) {
        gateway.answer("chat.send", RECORDED.answerTo(send));
        JsonNode params = send.params();
        return runs.send(
                Json.text(params, "sessionKey"),
                Json.text(params, "message"),
                Json.text(params, "idempotencyKey"),
                listener,
                Duration.ofSeconds(1));
    }

    private CompletableFuture<String> send(String message) {
        return replaySend(gateway, runs, listener, RECORDED.send(message::equals));
    }

    private static List<JsonNode> eventsOf(RecordedFrames.Frame send) {
        return RECORDED.chatEventsOfRun(Json.text(send.params(), "idempotencyKey"));
    }

    @Test
    void aRecordedReplyStreamsAsDeltasAndEndsWithTheFinalMessagesText() {
        RecordedFrames.Frame send = RECORDED.send("queued while starting"::equals);
        CompletableFuture<String> run = replaySend(gateway, runs, listener, send);
        assertThat(runs.inFlight()).isEqualTo(1);

        eventsOf(send).forEach(runs::dispatch);

        assertThat(run).isCompletedWithValue("Echo: queued while starting");
        assertThat(listener.deltas)
                .extracting(RecordingListener.Delta::text)
                .containsExactly("Echo:", " queued while", " starting");
        assertThat(listener.finalText).isEqualTo("Echo: queued while starting");
        assertThat(runs.inFlight()).as("a finished run is forgotten").isZero();
        assertThat(gateway.sent("chat.send"))
                .singleElement()
                .satisfies(s -> assertThat(s.params()).isEqualTo(send.params()));
    }

    @Test
    void statusPhasesCarryNoTextAndEndNothing() {
        RecordedFrames.Frame send = RECORDED.send("what is the time"::equals);
        CompletableFuture<String> run = replaySend(gateway, runs, listener, send);

        eventsOf(send).stream()
                .filter(e -> "status".equals(Json.text(e, "state")))
                .forEach(runs::dispatch);

        assertThat(eventsOf(send)).anyMatch(e -> "status".equals(Json.text(e, "state")));
        assertThat(run).isNotDone();
        assertThat(listener.deltas).isEmpty();
    }

    @Test
    void anEventWithoutStateIsIgnored() {
        RecordedFrames.Frame send = RECORDED.send("what is the time"::equals);
        CompletableFuture<String> run = replaySend(gateway, runs, listener, send);
        ObjectNode stateless = eventsOf(send).get(0).deepCopy(); // changed: the state removed
        stateless.remove("state");

        runs.dispatch(stateless);

        assertThat(run).isNotDone();
    }

    @Test
    void aFinalWithoutMessageEndsWithTheStreamedText() {
        RecordedFrames.Frame send = RECORDED.send("what is the time"::equals);
        CompletableFuture<String> run = replaySend(gateway, runs, listener, send);

        for (JsonNode event : eventsOf(send)) {
            if ("final".equals(Json.text(event, "state"))) {
                event = event.deepCopy();
                ((ObjectNode) event).remove("message"); // changed: a final without text, as after a restart
            }
            runs.dispatch(event);
        }

        assertThat(run).isCompletedWithValue("Echo: what is the time");
        assertThat(gateway.sent("chat.history")).isEmpty();
    }

    @Test
    void aFinalWithoutAnyTextReadsTheReplyFromTheTranscript() {
        RecordedFrames.Frame send = RECORDED.send("what is the time"::equals);
        CompletableFuture<String> run = replaySend(gateway, runs, listener, send);
        gateway.answer(
                "chat.history",
                RecordedFrames.load("gateway-client-test")
                        .answerTo(RecordedFrames.load("gateway-client-test")
                                .sent("chat.history")
                                .get(0)));
        JsonNode fin = eventsOf(send).stream()
                .filter(e -> "final".equals(Json.text(e, "state")))
                .findFirst()
                .orElseThrow();
        ObjectNode bare = fin.deepCopy();
        bare.remove("message"); // changed: no text and nothing streamed before

        runs.dispatch(bare);

        assertThat(gateway.sent("chat.history"))
                .singleElement()
                .satisfies(s -> assertThat(Json.text(s.params(), "sessionKey"))
                        .isEqualTo(Json.text(send.params(), "sessionKey")));
        assertThat(run).isCompletedWithValue(StubModelServer.replyFor("remember me"));
    }

    @Test
    void aModelErrorFailsTheRunWithTheGatewaysMessageAndKind() {
        RecordedFrames.Frame send = RECORDED.send(m -> m.contains(StubModelServer.FAIL));
        CompletableFuture<String> run = replaySend(gateway, runs, listener, send);

        eventsOf(send).forEach(runs::dispatch);

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.error).startsWith("LLM request failed");
        assertThat(listener.kind).isEqualTo("unknown");
        assertThat(listener.finalText).isNull();
        assertThat(runs.inFlight()).isZero();
    }

    @Test
    void anAbortedRunFailsAsAborted() {
        RecordedFrames.Frame send = RECORDED.send(m -> m.contains(StubModelServer.FAIL));
        CompletableFuture<String> run = replaySend(gateway, runs, listener, send);
        JsonNode error = eventsOf(send).stream()
                .filter(e -> "error".equals(Json.text(e, "state")))
                .findFirst()
                .orElseThrow();
        ObjectNode aborted =
                ((ObjectNode) error.deepCopy()).put("state", "aborted"); // changed: the state (no abort was recorded)
        aborted.remove("errorMessage");

        runs.dispatch(aborted);

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.error).isEqualTo("the run was aborted");
        assertThat(listener.kind).isEqualTo("aborted");
    }

    @Test
    void twoSessionsAtOnceEachGetOnlyTheirOwnEvents() {
        RecordedFrames.Frame b = RECORDED.send("from b"::equals);
        RecordedFrames.Frame c = RECORDED.send("from c"::equals);
        RecordingListener other = new RecordingListener();
        CompletableFuture<String> runB = replaySend(gateway, runs, listener, b);
        CompletableFuture<String> runC = replaySend(gateway, runs, other, c);

        RECORDED.frames.stream()
                .filter(RecordedFrames.Frame::isChatEvent)
                .map(RecordedFrames.Frame::payload)
                .forEach(runs::dispatch); // every recorded event, interleaved as it came

        assertThat(runB).isCompletedWithValue("Echo: from b");
        assertThat(runC).isCompletedWithValue("Echo: from c");
        assertThat(listener.shown()).isEqualTo("Echo: from b");
        assertThat(other.shown()).isEqualTo("Echo: from c");
    }

    @Test
    void aRunIdOtherThanTheKeyReachesTheRunToo() {
        RecordedFrames.Frame send = RECORDED.send("queued while starting"::equals);
        ObjectNode answer =
                RECORDED.answerTo(send).payload().<ObjectNode>deepCopy().put("runId", "gateway-own-id"); // changed
        gateway.answer("chat.send", answer);
        JsonNode params = send.params();
        CompletableFuture<String> run = runs.send(
                Json.text(params, "sessionKey"),
                Json.text(params, "message"),
                Json.text(params, "idempotencyKey"),
                listener,
                Duration.ofSeconds(1));

        for (JsonNode event : eventsOf(send)) {
            runs.dispatch(((ObjectNode) event.deepCopy()).put("runId", "gateway-own-id"));
        }

        assertThat(run).isCompletedWithValue("Echo: queued while starting");
    }

    @Test
    void aSendTheGatewayRefusesFailsTheRunAsUnavailable() {
        gateway.fail("chat.send", new GatewayException("the gateway connection was lost: closed 1012"));

        CompletableFuture<String> run = runs.send("agent:main:x", "hello", "key-1", listener, Duration.ofSeconds(1));

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.kind).isEqualTo("unavailable");
        assertThat(listener.error).contains("closed 1012");
        assertThat(runs.inFlight()).isZero();
    }

    @Test
    void closingFailsEveryOpenRun() {
        CompletableFuture<String> run = send("what is the time");

        runs.failAll("the bridge stopped before the reply was complete");

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.kind).isEqualTo("unavailable");
    }
}
