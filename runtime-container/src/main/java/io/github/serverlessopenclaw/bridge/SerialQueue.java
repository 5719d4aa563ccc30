package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Log;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Runs tasks one after another on a shared pool: keeps one reply's frames in order without a thread each. */
final class SerialQueue {
    private final Executor pool;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    SerialQueue(Executor pool) {
        this.pool = pool;
    }

    synchronized CompletableFuture<Void> submit(Runnable task) {
        tail = tail.thenRunAsync(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        Log.warn("delivery failed", e);
                    }
                },
                pool);
        return tail;
    }

    synchronized CompletableFuture<Void> tail() {
        return tail;
    }
}
