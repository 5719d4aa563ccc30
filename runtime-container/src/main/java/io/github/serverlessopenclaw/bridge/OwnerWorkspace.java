package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Log;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The workspace of the container's owner in S3: restored before the owner's first reply, backed up periodically
 * and at stop. An unclaimed prewarmed container holds nobody's files; without a data bucket there is nothing to sync.
 */
final class OwnerWorkspace {
    private static final WorkspaceSync.Result NOTHING = new WorkspaceSync.Result(0, 0);

    private final Function<String, WorkspaceSync> syncOf;
    private final Runnable afterRestore;
    private final Executor pool;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile WorkspaceSync sync;

    /**
     * {@code syncOf} gives a user's sync, or null when there is no data bucket; {@code afterRestore} runs after every
     * restore (the project's own workspace files go over the user's).
     */
    OwnerWorkspace(Function<String, WorkspaceSync> syncOf, Runnable afterRestore, Executor pool) {
        this.syncOf = syncOf;
        this.afterRestore = afterRestore;
        this.pool = pool;
    }

    /** From now on the workspace is {@code user}'s (null: nobody's); restores it in the background. */
    CompletableFuture<WorkspaceSync.Result> restore(String user) {
        WorkspaceSync owner = user == null ? null : syncOf.apply(user);
        sync = owner;
        return (owner == null
                        ? CompletableFuture.completedFuture(NOTHING)
                        : CompletableFuture.supplyAsync(owner::restore, pool).exceptionally(e -> {
                            Log.warn("workspace restore failed; starting with an empty workspace", e);
                            return NOTHING;
                        }))
                .thenApply(result -> {
                    afterRestore.run();
                    return result;
                });
    }

    /** Completes once the owner's files are in place; replies wait for it. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    void markReady() {
        ready.complete(null);
    }

    void periodicBackup() {
        WorkspaceSync owner = sync;
        if (owner == null) {
            return; // an unclaimed prewarmed container holds nobody's files
        }
        try {
            owner.backup();
        } catch (RuntimeException e) {
            Log.warn("periodic workspace backup failed", e);
        }
    }

    void finalBackup() {
        WorkspaceSync owner = sync;
        if (owner != null) {
            try {
                WorkspaceSync.Result backup = owner.backup();
                Log.info("workspace backed up: " + backup.files() + " files, " + backup.bytes() + " bytes");
            } catch (RuntimeException e) {
                Log.warn("workspace backup failed", e);
            }
        }
    }
}
