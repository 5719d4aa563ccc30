package io.github.serverlessopenclaw.plugin.image;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's {@code npm}, so every download goes through the registry (and proxy, and auth)
 * the user configured for npm. Output goes to files, never to a pipe that could fill up and block.
 */
public final class Npm {
    private final String executable;
    private final Duration timeout;

    public Npm(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    public static Npm onPath() {
        return new Npm("npm", Duration.ofMinutes(20));
    }

    /** Runs {@code npm <args>} in {@code workDir}; returns its standard output or fails with its error output. */
    public String run(Path workDir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        try {
            Path out = Files.createTempFile("npm-out", ".txt");
            Path err = Files.createTempFile("npm-err", ".txt");
            try {
                Process process;
                try {
                    ProcessBuilder builder = new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile());
                    proxyEnvironment(System.getProperties()).forEach(builder.environment()::putIfAbsent);
                    process = builder.start();
                } catch (IOException e) {
                    throw new ConfigurationException("npm was not found (" + e.getMessage() + "): install Node.js"
                            + " with npm (https://nodejs.org) and make sure `npm` is on the PATH");
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new ImageException("npm " + String.join(" ", args) + " did not finish within " + timeout);
                }
                if (process.exitValue() != 0) {
                    throw new ConfigurationException(
                            "npm " + String.join(" ", args) + " failed (exit " + process.exitValue()
                                    + "): " + tail(Files.readString(err, StandardCharsets.UTF_8))
                                    + "\nCheck that the npm registry is reachable (npm config get registry).");
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while running npm", e);
        }
    }

    /**
     * npm reads its proxy from its configuration or environment, not from the JVM's properties: the JVM's proxy
     * (settings.xml {@code <proxies>}) handed to the npm it starts, unless npm's own variables are already set.
     */
    public static Map<String, String> proxyEnvironment(Properties system) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String protocol : List.of("http", "https")) {
            String host = system.getProperty(protocol + ".proxyHost");
            if (host != null && !host.isBlank()) {
                String user = system.getProperty(protocol + ".proxyUser");
                String password = system.getProperty(protocol + ".proxyPassword");
                String credentials = user == null || user.isBlank()
                        ? ""
                        : URLEncoder.encode(user, StandardCharsets.UTF_8)
                                + (password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8))
                                + "@";
                String url = "http://" + credentials + host + ":" + system.getProperty(protocol + ".proxyPort", "80");
                environment.put(protocol.equals("http") ? "npm_config_proxy" : "npm_config_https_proxy", url);
            }
        }
        String nonProxyHosts = system.getProperty("http.nonProxyHosts");
        if (!environment.isEmpty() && nonProxyHosts != null && !nonProxyHosts.isBlank()) {
            environment.put(
                    "npm_config_noproxy",
                    String.join(",", nonProxyHosts.replace("*", "").split("\\|")));
        }
        return environment;
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 2000 ? trimmed : "…" + trimmed.substring(trimmed.length() - 2000);
    }
}
