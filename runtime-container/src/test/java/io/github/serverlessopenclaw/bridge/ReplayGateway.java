package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connection side of {@link ChatRuns}, scripted: each request is answered with the next answer queued for
 * its method (recorded {@code res} payloads or errors), or stays unanswered; scheduled tasks run at once and
 * their delays are kept. A stand-in because the branches it drives (a gateway restart at a given moment,
 * state-lock contention) cannot be produced on demand by the real gateway; the answers are the real gateway's.
 */
final class ReplayGateway implements ChatRuns.Link, ChatRuns.Requests {
    record Sent(String method, JsonNode params) {}

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<CompletableFuture<JsonNode>>> answers = new HashMap<>();

    /** The next {@code method} request is answered with a recorded {@code res} frame (its payload, or its error). */
    ReplayGateway answer(String method, RecordedFrames.Frame res) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        if (res.json().path("ok").asBoolean(false)) {
            answer.complete(res.payload());
        } else {
            answer.completeExceptionally(GatewayFrames.errorOf(res.json().path("error")));
        }
        return queue(method, answer);
    }

    ReplayGateway answer(String method, JsonNode payload) {
        return queue(method, CompletableFuture.completedFuture(payload));
    }

    ReplayGateway fail(String method, GatewayException error) {
        return queue(method, CompletableFuture.failedFuture(error));
    }

    private synchronized ReplayGateway queue(String method, CompletableFuture<JsonNode> answer) {
        answers.computeIfAbsent(method, m -> new ArrayDeque<>()).add(answer);
        return this;
    }

    List<Sent> sent(String method) {
        return sent.stream().filter(s -> s.method().equals(method)).toList();
    }

    @Override
    public synchronized CompletableFuture<JsonNode> request(String method, JsonNode params) {
        sent.add(new Sent(method, params));
        Queue<CompletableFuture<JsonNode>> queued = answers.get(method);
        CompletableFuture<JsonNode> answer = queued == null ? null : queued.poll();
        return answer != null ? answer : new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<ChatRuns.Requests> ready(Duration wait) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        delays.add(delay);
        task.run();
    }

    @Override
    public Duration requestTimeout() {
        return Duration.ofSeconds(1);
    }
}
