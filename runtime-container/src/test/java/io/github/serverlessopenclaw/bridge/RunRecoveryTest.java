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
 * Every recovery branch of {@link RunRecovery} on its own, fed with the real gateway's frames: the gateway kill of
 * {@link BridgeEndToEndTest} (the re-sent message answered {@code started}, its final without text, the empty
 * transcript, and the turn the restarted gateway resumed on its own) and the history read of
 * {@link GatewayClientTest}. Where a test changes a recorded frame to reach a branch the recordings did not show
 * (state-lock contention, a transcript that has the reply), it says so.
 */
class RunRecoveryTest {
    private static final RecordedFrames KILL = ChatRunsTest.RECORDED;
    private static final RecordedFrames CLIENT = RecordedFrames.load("gateway-client-test");
    /** OpenClaw's contention error as the restarted gateway logged it during the recorded kill. */
    private static final String CONTENTION = "another OpenClaw process owns state-lifecycle";

    private final ReplayGateway gateway = new ReplayGateway();
    private final ChatRuns runs = new ChatRuns(gateway);
    private final RunRecovery recovery = runs.recovery();
    private final RecordingListener listener = new RecordingListener();

    private final List<RecordedFrames.Frame> killSends = KILL.sent("chat.send").stream()
            .filter(f -> Json.text(f.params(), "message").contains(StubModelServer.SLOW))
            .toList();
    private final String session = Json.text(killSends.get(0).params(), "sessionKey");
    private final String key = Json.text(killSends.get(0).params(), "idempotencyKey");

    /** The killed run, sent as recorded, with what it streamed before the kill. */
    private CompletableFuture<String> killedRun() {
        CompletableFuture<String> run = ChatRunsTest.replaySend(gateway, runs, listener, killSends.get(0));
        KILL.chatEventsOfRun(key).stream()
                .takeWhile(e -> !"final".equals(Json.text(e, "state")))
                .forEach(runs::dispatch);
        assertThat(listener.shown()).isEqualTo("part1");
        return run;
    }

    /** The restarted gateway's answer to the re-sent message, as recorded ({@code started}). */
    private RecordedFrames.Frame resendAnswer() {
        return KILL.answerTo(killSends.get(1));
    }

    private JsonNode recordedFinalWithoutText() {
        return KILL.chatEventsOfRun(key).stream()
                .filter(e -> "final".equals(Json.text(e, "state")))
                .findFirst()
                .orElseThrow();
    }

    private RecordedFrames.Frame recordedEmptyHistory() {
        return KILL.answerTo(KILL.sent("chat.history").get(0));
    }

    /** The turn the restarted gateway resumed by itself (a run id that is not the bridge's). */
    private List<JsonNode> resumedTurn() {
        long reconnected = resendAnswer().at();
        return KILL.frames.stream()
                .filter(f -> f.isChatEvent() && f.at() > reconnected)
                .map(RecordedFrames.Frame::payload)
                .filter(e -> session.equals(Json.text(e, "sessionKey")) && !key.equals(Json.text(e, "runId")))
                .toList();
    }

    /** The run after the reconnect, the restart, and the final without text: now waiting for the session's turn. */
    private CompletableFuture<String> runWaitingForTheSessionsTurn() {
        CompletableFuture<String> run = killedRun();
        gateway.answer("chat.send", resendAnswer()).answer("chat.history", recordedEmptyHistory());
        recovery.resume(gateway);
        runs.dispatch(recordedFinalWithoutText());
        assertThat(run).isNotDone();
        return run;
    }

    @Test
    void theRecordedGatewayKillEndsWithTheWholeReplyOfTheTurnTheGatewayResumed() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();

        resumedTurn().forEach(runs::dispatch);

        assertThat(run).isCompletedWithValue(StubModelServer.replyFor(StubModelServer.SLOW));
        assertThat(listener.finalText).isEqualTo(StubModelServer.replyFor(StubModelServer.SLOW));
        assertThat(gateway.sent("chat.send"))
                .extracting(s -> Json.text(s.params(), "idempotencyKey"))
                .as("sent again with the same idempotency key")
                .containsExactly(key, key);
        assertThat(gateway.sent("chat.history")).hasSize(1);
        assertThat(runs.inFlight()).isZero();
    }

    @Test
    void aRunTheRestartedGatewayLostRunsAgainAndItsNextTextReplacesWhatWasShown() {
        CompletableFuture<String> run = killedRun();
        gateway.answer("chat.send", resendAnswer());
        assertThat(Json.text(resendAnswer().payload(), "status")).isEqualTo("started");

        recovery.resume(gateway);
        runs.dispatch(((ObjectNode) resumedTurn().get(0).deepCopy()).put("runId", key)); // changed: the run's own id

        assertThat(run).isNotDone();
        assertThat(listener.deltas.get(listener.deltas.size() - 1))
                .isEqualTo(new RecordingListener.Delta("part1", true));
    }

    /** The recorded SIGSTOP of {@link GatewayClientTest}: the re-sent run answered {@code in_flight}, its final came. */
    @Test
    void aRunTheGatewayStillRunsKeepsGoingAndEndsWithItsOwnFinal() {
        List<RecordedFrames.Frame> sends = CLIENT.sent("chat.send").stream()
                .filter(f -> Json.text(f.params(), "message").contains(StubModelServer.SLOW))
                .toList();
        String stalled = Json.text(sends.get(0).params(), "idempotencyKey");
        gateway.answer("chat.send", CLIENT.answerTo(sends.get(0))).answer("chat.send", CLIENT.answerTo(sends.get(1)));
        JsonNode p = sends.get(0).params();
        CompletableFuture<String> run = runs.send(
                Json.text(p, "sessionKey"), Json.text(p, "message"), stalled, listener, Duration.ofSeconds(1));
        long reconnectedAt = CLIENT.answerTo(sends.get(1)).at();
        List<JsonNode> before = CLIENT.frames.stream()
                .filter(f -> f.isChatEvent() && f.at() < reconnectedAt)
                .map(RecordedFrames.Frame::payload)
                .filter(e -> stalled.equals(Json.text(e, "runId")))
                .toList();
        List<JsonNode> after = CLIENT.frames.stream()
                .filter(f -> f.isChatEvent() && f.at() > reconnectedAt)
                .map(RecordedFrames.Frame::payload)
                .filter(e -> stalled.equals(Json.text(e, "runId")))
                .toList();
        before.forEach(runs::dispatch);

        recovery.resume(gateway);
        assertThat(Json.text(CLIENT.answerTo(sends.get(1)).payload(), "status")).isEqualTo("in_flight");
        assertThat(run).isNotDone();
        after.forEach(runs::dispatch);

        assertThat(run).isCompletedWithValue(StubModelServer.replyFor(StubModelServer.SLOW));
        assertThat(gateway.sent("chat.send"))
                .extracting(s -> Json.text(s.params(), "idempotencyKey"))
                .containsExactly(stalled, stalled);
        assertThat(gateway.sent("chat.history")).isEmpty();
        assertThat(listener.deltas).noneMatch(RecordingListener.Delta::replace);
    }

    @Test
    void aRunTheGatewayFinishedMeanwhileIsReadFromTheTranscript() {
        CompletableFuture<String> run = killedRun();
        ObjectNode ok = resendAnswer().payload().<ObjectNode>deepCopy().put("status", "ok"); // changed: the status
        gateway.answer("chat.send", ok)
                .answer(
                        "chat.history",
                        CLIENT.answerTo(CLIENT.sent("chat.history").get(0)));

        recovery.resume(gateway);

        assertThat(run).isCompletedWithValue(StubModelServer.replyFor("remember me"));
    }

    @Test
    void aResendTheGatewayRefusesFailsTheRunAsUnavailable() {
        CompletableFuture<String> run = killedRun();
        gateway.fail("chat.send", new GatewayException("the gateway connection was lost: closed 1006"));

        recovery.resume(gateway);

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.kind).isEqualTo("unavailable");
    }

    @Test
    void aTranscriptThatCannotBeReadFailsTheRunAsLost() {
        CompletableFuture<String> run = killedRun();
        gateway.answer("chat.send", resendAnswer()).fail("chat.history", new GatewayException("request timed out"));
        recovery.resume(gateway);

        runs.dispatch(recordedFinalWithoutText());

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.error).startsWith("the reply was lost when the gateway connection dropped");
    }

    @Test
    void anEmptyTranscriptOfARunThatLivedThroughNoRestartFailsWithoutWaiting() {
        CompletableFuture<String> run = ChatRunsTest.replaySend(gateway, runs, listener, killSends.get(0));
        gateway.answer("chat.history", recordedEmptyHistory());

        runs.dispatch(recordedFinalWithoutText());

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.error).isEqualTo("the agent ended its turn without a reply");
    }

    @Test
    void sessionTurnEndedWithoutTextReadsTheTranscriptAgain() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();
        gateway.answer(
                "chat.history", CLIENT.answerTo(CLIENT.sent("chat.history").get(0)));
        ObjectNode bare = resumedTurn().get(resumedTurn().size() - 1).deepCopy();
        bare.remove("message"); // changed: the turn's final without text

        recovery.sessionTurnEnded(bare);

        assertThat(gateway.sent("chat.history")).hasSize(2);
        assertThat(run).isCompletedWithValue(StubModelServer.replyFor("remember me"));
    }

    @Test
    void sessionTurnEndedOfAnotherSessionOrNotEndingLeavesTheRunWaiting() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();
        JsonNode fin = resumedTurn().get(resumedTurn().size() - 1);

        recovery.sessionTurnEnded(((ObjectNode) fin.deepCopy()).put("sessionKey", "agent:main:someone-else"));
        recovery.sessionTurnEnded(resumedTurn().get(0)); // a delta does not end a turn
        ObjectNode noSession = fin.deepCopy();
        noSession.remove("sessionKey");
        recovery.sessionTurnEnded(noSession);

        assertThat(run).isNotDone();
    }

    @Test
    void sessionTurnEndedWithAnErrorFailsTheWaitingRunWithTheGatewaysMessage() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();

        recovery.sessionTurnEnded(error("LLM request failed: provider rejected the request schema or tool payload."));

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.error).startsWith("LLM request failed");
        assertThat(listener.kind).isEqualTo("unknown");
    }

    @Test
    void sessionTurnEndedAbortedFailsTheWaitingRunAsAborted() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();
        ObjectNode aborted = error(null).put("state", "aborted"); // changed: the state

        recovery.sessionTurnEnded(aborted);

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.kind).isEqualTo("aborted");
        assertThat(listener.error).isEqualTo("the resumed turn aborted");
    }

    @Test
    void sessionTurnEndedWithStateContentionSendsTheMessageAgainAsANewOneAfterThePause() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();
        gateway.answer("chat.send", resendAnswer());

        assertThat(CONTENTION).as("the gateway's own words").contains(RunRecovery.STATE_CONTENTION);
        recovery.sessionTurnEnded(error("Agent failed before reply: " + CONTENTION)); // changed: the message

        assertThat(run).isNotDone();
        assertThat(gateway.delays).containsExactly(RunRecovery.CONTENTION_PAUSE);
        List<ReplayGateway.Sent> sends = gateway.sent("chat.send");
        assertThat(sends).hasSize(3);
        String newKey = Json.text(sends.get(2).params(), "idempotencyKey");
        assertThat(newKey).as("a new message, not the lost run again").isNotEqualTo(key);
        assertThat(Json.text(sends.get(2).params(), "message"))
                .isEqualTo(Json.text(killSends.get(0).params(), "message"));

        for (JsonNode event : resumedTurn()) { // the new message's own turn answers it
            runs.dispatch(((ObjectNode) event.deepCopy()).put("runId", newKey));
        }

        assertThat(run).isCompletedWithValue(StubModelServer.replyFor(StubModelServer.SLOW));
        assertThat(listener.deltas.stream()
                        .filter(RecordingListener.Delta::replace)
                        .findFirst())
                .as("the new turn's text replaces what the lost one showed")
                .isPresent();
    }

    @Test
    void stateContentionIsRetriedAtMostTwiceThenTheUserGetsTheError() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();
        gateway.answer("chat.send", resendAnswer()).answer("chat.send", resendAnswer());

        for (int i = 0; i <= RunRecovery.CONTENTION_RETRIES; i++) {
            String current = Json.text(
                    gateway.sent("chat.send")
                            .get(gateway.sent("chat.send").size() - 1)
                            .params(),
                    "idempotencyKey");
            runs.dispatch(error(CONTENTION).put("runId", current));
        }

        assertThat(gateway.delays).hasSize(RunRecovery.CONTENTION_RETRIES);
        assertThat(run).isCompletedExceptionally();
        assertThat(listener.error).contains(CONTENTION);
    }

    @Test
    void stateContentionOfARunThatLivedThroughNoRestartIsNotRetried() {
        CompletableFuture<String> run = ChatRunsTest.replaySend(gateway, runs, listener, killSends.get(0));

        runs.dispatch(error(CONTENTION).put("runId", key));

        assertThat(gateway.delays).isEmpty();
        assertThat(run).isCompletedExceptionally();
        assertThat(listener.error).contains(CONTENTION);
    }

    @Test
    void aRetryTheGatewayRefusesFailsTheRunAsUnavailable() {
        CompletableFuture<String> run = runWaitingForTheSessionsTurn();
        gateway.fail("chat.send", new GatewayException("the gateway is not connected (waited PT30S)"));

        recovery.sessionTurnEnded(error(CONTENTION));

        assertThat(run).isCompletedExceptionally();
        assertThat(listener.kind).isEqualTo("unavailable");
        assertThat(listener.error).contains("not connected");
    }

    /** The recorded model error event, moved to the killed run's session; {@code message} replaces its text (changed). */
    private ObjectNode error(String message) {
        JsonNode recorded = KILL.frames.stream()
                .filter(RecordedFrames.Frame::isChatEvent)
                .map(RecordedFrames.Frame::payload)
                .filter(p -> "error".equals(Json.text(p, "state")))
                .findFirst()
                .orElseThrow();
        ObjectNode error = ((ObjectNode) recorded.deepCopy()).put("sessionKey", session);
        if (message == null) {
            error.remove("errorMessage");
        } else {
            error.put("errorMessage", message);
        }
        return error;
    }
}
