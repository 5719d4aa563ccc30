package io.github.serverlessopenclaw.bridge;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads: none of the bridge's pools may keep the JVM alive once it decided to exit. */
final class Threads {
    private Threads() {}

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
