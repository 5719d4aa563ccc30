package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Log;
import java.time.Clock;

/**
 * The container's PID 1: reads the environment, starts the bridge (which supervises the OpenClaw gateway),
 * and turns SIGTERM into the graceful stop. Exit code 1 when it cannot start.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Log.sendTo(Log.stdout("bridge"));
        Bridge bridge;
        try {
            BridgeConfig config = BridgeConfig.fromEnv(System.getenv(), AwsServices::ssmSecret);
            bridge = new Bridge(
                    config,
                    AwsServices.fromEnvironment(System.getenv()),
                    Clock.systemUTC(),
                    LatencyRecorder.NONE,
                    () -> System.exit(0));
        } catch (RuntimeException e) {
            Log.error("cannot start the bridge", e); // with the stack trace: where it broke, in the container's log
            System.exit(1);
            return;
        }
        Bridge started = bridge;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.stop("SIGTERM"), "sigterm"));
        try {
            bridge.start();
        } catch (RuntimeException e) {
            Log.error("the bridge failed to start", e);
            System.exit(1);
        }
    }
}
