package io.github.serverlessopenclaw.plugin.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code moto_server} started through the project's launcher (scripts/moto, carried in the plugin's resources), with
 * the CloudFormation models the tests use, on a free loopback port. Its log goes to a file.
 */
public final class MotoServer implements AutoCloseable {
    /** The launcher's files as the plugin carries them (LocalRunResourcesTest keeps the list equal to scripts/moto). */
    static final List<String> FILES = List.of(
            "launcher.py",
            "openclaw_moto/__init__.py",
            "openclaw_moto/cognito_rules.py",
            "openclaw_moto/models.py",
            "openclaw_moto/strict_iam.py");

    static final String INSTALL = "pip install 'moto[server]==5.2.1'";
    private static final Pattern RUNNING = Pattern.compile("Running on (http://127\\.0\\.0\\.1:\\d+)");

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Whether python3 with moto 5 is there; empty when it is, else the missing piece with its install command. */
    public static java.util.Optional<String> missing() {
        return missing("python3");
    }

    static java.util.Optional<String> missing(String python) {
        try {
            Process check = new ProcessBuilder(
                            python, "-c", "import moto, sys; sys.exit(0 if moto.__version__.startswith('5.') else 3)")
                    .redirectErrorStream(true)
                    .start();
            check.getInputStream().readAllBytes();
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return java.util.Optional.of("python3 did not answer in 60 s");
            }
            return switch (check.exitValue()) {
                case 0 -> java.util.Optional.empty();
                case 3 -> java.util.Optional.of("moto 5.x is required: " + INSTALL);
                default -> java.util.Optional.of("python3 has no moto: " + INSTALL);
            };
        } catch (IOException e) {
            return java.util.Optional.of("python3 is missing: install Python 3, then " + INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of("interrupted");
        }
    }

    /** Copies the launcher into {@code dir} and starts it; the environment adds to (or overrides) this process's. */
    public static MotoServer start(Path dir, Path log, Map<String, String> environment, Duration timeout)
            throws IOException {
        Path launcher = extract(dir);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of("python3", launcher.toString(), "-H", "127.0.0.1", "-p", "0"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher running = RUNNING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (running.find()) {
                return new MotoServer(process, URI.create(running.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while moto started");
            }
        }
        process.destroy();
        String tail = Files.readString(log, StandardCharsets.UTF_8);
        tail = tail.length() > 2000 ? tail.substring(tail.length() - 2000) : tail;
        throw new IOException("moto_server did not start (" + INSTALL + "); its log " + log + " ends with:\n" + tail);
    }

    static Path extract(Path dir) throws IOException {
        for (String file : FILES) {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = MotoServer.class.getResourceAsStream("moto/" + file)) {
                if (in == null) {
                    throw new IOException("the plugin lacks its moto launcher file " + file);
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve(FILES.get(0));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
