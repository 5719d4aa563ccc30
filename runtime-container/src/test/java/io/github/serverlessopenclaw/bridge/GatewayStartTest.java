package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the bridge does to shorten the real OpenClaw gateway's start, checked in OpenClaw's own startup trace
 * ({@code OPENCLAW_GATEWAY_STARTUP_TRACE=1}, which the bridge passes through).
 */
class GatewayStartTest {
    private static final String TRACE = "startup trace: ";

    @Test
    void aNewContainersGatewaySkipsTheStateMigrationsOfAnOldInstall() throws Exception {
        List<String> trace = startOnceAndTrace();

        assertThat(trace).as("the trace is on").anyMatch(line -> line.contains("cli.bootstrap.plugin-plan "));
        // with anything but its config in the state folder OpenClaw takes it for an old install and runs these
        // (3-4 s of one core)
        assertThat(trace)
                .noneMatch(line -> line.contains("cli.bootstrap.state-migrations-import "))
                .noneMatch(line -> line.contains("cli.bootstrap.state-schema "))
                .noneMatch(line -> line.contains("cli.bootstrap.legacy-state-migrations "));
    }

    private static List<String> startOnceAndTrace() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        PrintStream original = System.out;
        // the gateway's output reaches the bridge's stdout line by line (GatewayProcess.pump)
        System.setOut(new PrintStream(original, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                if (line != null && line.contains(TRACE)) {
                    trace.add(line);
                }
                super.println(line);
            }
        });
        // the state folder and the workspace beside it, in a folder the gateway's user can pass through
        Path state = Files.createTempDirectory(
                        "gateway-start",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")))
                .resolve("state");
        try (StubModelServer model = new StubModelServer();
                GatewayProcess gateway = new GatewayProcess(
                        OpenClawInstallation.settings(state, "test-gateway-token-" + UUID.randomUUID(), model, true),
                        why -> {},
                        GatewayUser.forThisProcess(),
                        ProjectAgent.NONE,
                        withTrace(System.getenv()))) {
            gateway.start();
            gateway.awaitStarted();
        } finally {
            System.setOut(original);
        }
        return trace;
    }

    private static Map<String, String> withTrace(Map<String, String> bridgeEnv) {
        Map<String, String> env = new HashMap<>(bridgeEnv);
        env.put("OPENCLAW_GATEWAY_STARTUP_TRACE", "1");
        return env;
    }
}
