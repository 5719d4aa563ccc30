package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import java.time.Duration;
import java.util.UUID;

/**
 * What becomes of the runs a lost connection interrupted. After a reconnect every run still in flight is sent
 * again with the same idempotency key, and the answer tells whether the gateway still runs it ({@code in_flight}:
 * its events keep coming), finished it ({@code ok}: the reply is read back with {@code chat.history}) or lost
 * it ({@code started}: a restarted gateway runs it anew, shown as a replacing stream). A restarted gateway may
 * also fold the message into the turn it resumes on its own ({@link #sessionTurnEnded}) or fail it while it
 * repairs its state ({@link #retryAfterStateContention}).
 */
final class RunRecovery {
    /** OpenClaw's StateDatabaseCoordinatorContentionError text. */
    static final String STATE_CONTENTION = "another OpenClaw process owns";

    static final int CONTENTION_RETRIES = 2;
    static final Duration CONTENTION_PAUSE = Duration.ofSeconds(5);

    private final ChatRuns runs;
    private final ChatRuns.Link link;

    RunRecovery(ChatRuns runs, ChatRuns.Link link) {
        this.runs = runs;
        this.link = link;
    }

    /** After a reconnect: find out what became of every run that was in flight (see the class comment). */
    void resume(ChatRuns.Requests connection) {
        for (ChatRun run : runs.open()) {
            run.resumed = true;
            runs.start(connection, run).whenComplete((payload, error) -> {
                if (error != null) {
                    run.fail(GatewayFrames.describe(error), "unavailable");
                    return;
                }
                String status = Json.text(payload, "status");
                if ("ok".equals(status)) {
                    recoverFromHistory(run);
                } else if ("started".equals(status)) {
                    Log.warn("the gateway had lost run " + run.idempotencyKey + "; it runs again");
                    run.restarted();
                }
            });
        }
    }

    /**
     * A run ended without text of its own: read the reply from the transcript. When the transcript does not
     * have it yet, the message was folded into a turn the gateway itself is running in that session (after a
     * restart the gateway resumes the interrupted turn on its own, and a re-sent message joins it): the run then
     * ends with that turn (see {@link #sessionTurnEnded}); the message processor's run timeout bounds the wait.
     */
    void recoverFromHistory(ChatRun run) {
        runs.history(run.sessionKey, 10).whenComplete((payload, error) -> {
            String text = error == null ? GatewayFrames.lastAssistantText(payload) : null;
            if (text != null && !text.isBlank()) {
                run.complete(text);
            } else if (error != null) {
                run.fail(
                        "the reply was lost when the gateway connection dropped (" + GatewayFrames.describe(error)
                                + ")",
                        "unavailable");
            } else if (run.resumed) {
                Log.info("run " + run.idempotencyKey + " joined the session's running turn; waiting for it to end");
                run.awaitingSessionTurn = true;
            } else {
                run.fail("the agent ended its turn without a reply", "unknown");
            }
        });
    }

    /**
     * Right after a restart from a kill the gateway repairs its SQLite state in worker threads, and a turn that
     * runs meanwhile can fail with {@value #STATE_CONTENTION} (its own workers hold the state lock; the killed
     * process's locks died with it). A run that lived through the restart is then sent once more as a new
     * message, after a pause, at most {@value #CONTENTION_RETRIES} times; otherwise the user gets the error.
     */
    @SuppressWarnings(
            "NonAtomicVolatileUpdate") // only the gateway's listener thread writes a run; volatile for readers
    boolean retryAfterStateContention(ChatRun run, String error) {
        if (!run.resumed
                || error == null
                || !error.contains(STATE_CONTENTION)
                || run.contentionRetries >= CONTENTION_RETRIES) {
            return false;
        }
        run.contentionRetries++;
        String key = UUID.randomUUID().toString();
        run.sendKey = key;
        run.alias(key);
        run.awaitingSessionTurn = false;
        run.restarted();
        Log.warn("the restarted gateway was still repairing its state (" + error + "); sending run "
                + run.idempotencyKey + " again in " + CONTENTION_PAUSE.toSeconds() + " s");
        link.schedule(
                () -> link.ready(link.requestTimeout())
                        .thenCompose(connection -> runs.start(connection, run))
                        .whenComplete((payload, failure) -> {
                            if (failure != null) {
                                run.fail(GatewayFrames.describe(failure), "unavailable");
                            }
                        }),
                CONTENTION_PAUSE);
        return true;
    }

    /** A turn we did not start ended (its run id is not ours): it answers any run of ours waiting in that session. */
    void sessionTurnEnded(JsonNode payload) {
        String state = Json.text(payload, "state");
        String sessionKey = Json.text(payload, "sessionKey");
        if (sessionKey == null || !GatewayFrames.endsTurn(state)) {
            return;
        }
        for (ChatRun run : runs.open()) {
            if (!run.awaitingSessionTurn || !sessionKey.equals(run.sessionKey)) {
                continue;
            }
            if ("final".equals(state)) {
                String text = GatewayFrames.finalText(payload);
                if (text == null || text.isBlank()) {
                    recoverFromHistory(run);
                } else {
                    run.complete(text);
                }
            } else if (!retryAfterStateContention(run, Json.text(payload, "errorMessage"))) {
                run.fail(
                        GatewayFrames.firstNonNull(Json.text(payload, "errorMessage"), "the resumed turn " + state),
                        "aborted".equals(state)
                                ? "aborted"
                                : GatewayFrames.firstNonNull(Json.text(payload, "errorKind"), "unknown"));
            }
        }
    }
}
