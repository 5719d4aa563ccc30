package io.github.serverlessopenclaw.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One real OCI registry (Debian's {@code docker-registry}) on loopback for the whole test JVM, plain
 * HTTP, storage in a temp folder. When {@code openclaw.test.registry} is set (scripts/test starts one),
 * that {@code host:port} is used instead.
 */
public final class LocalRegistry {
    private static LocalRegistry instance;
    private final String address;

    private LocalRegistry(String address) {
        this.address = address;
    }

    public static synchronized LocalRegistry get() {
        if (instance == null) {
            String external = System.getProperty("openclaw.test.registry", "");
            instance = new LocalRegistry(external.isBlank() ? startRegistry() : external);
        }
        return instance;
    }

    private static String startRegistry() {
        try {
            Path dir = Files.createTempDirectory("openclaw-registry");
            Path config = dir.resolve("config.yml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "version: 0.1",
                            "log:",
                            "  level: info",
                            "  accesslog:",
                            "    disabled: true",
                            "storage:",
                            "  filesystem:",
                            "    rootdirectory: " + dir.resolve("storage"),
                            "http:",
                            "  addr: 127.0.0.1:0",
                            "  secret: test-only-secret",
                            ""));
            BackgroundProcess registry = BackgroundProcess.start(
                    List.of("docker-registry", "serve", config.toString()),
                    Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)"),
                    Duration.ofSeconds(30),
                    Map.of());
            return registry.readyGroup();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, plain HTTP. */
    public String address() {
        return address;
    }
}
