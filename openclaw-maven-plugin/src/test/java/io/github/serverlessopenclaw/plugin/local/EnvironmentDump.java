package io.github.serverlessopenclaw.plugin.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeMap;

/**
 * A container's main class for {@link LocalEcsTest}, in place of the bridge: writes its environment to {@code env.txt}
 * in its working folder, then waits; on SIGTERM writes {@code sigterm.txt} and exits 0 (as the bridge's shutdown does).
 */
public final class EnvironmentDump {
    private EnvironmentDump() {}

    public static void main(String[] args) throws Exception {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(System.getenv())
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        // written whole, then renamed: the test waits for the file to exist and must never read it half written
        Files.move(
                Files.writeString(Path.of("env.txt.part"), text), Path.of("env.txt"), StandardCopyOption.ATOMIC_MOVE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(Path.of("sigterm.txt"), "terminated");
            } catch (Exception e) {
                // nothing to do
            }
        }));
        Thread.sleep(Long.MAX_VALUE);
    }
}
