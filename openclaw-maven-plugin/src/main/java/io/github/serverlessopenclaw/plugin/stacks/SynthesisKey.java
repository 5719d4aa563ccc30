package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.image.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a synthesis depends on, as one hash, so that deploy can reuse the cloud assembly of an
 * earlier run with the same inputs (synth is most of a no-op redeploy: the CDK runs in a node process).
 * The inputs: every {@link StackConfig} component (sets sorted, the Lambda jar by content) and the code
 * that synthesizes (the plugin jar, which also names the aws-cdk-lib version it was built with).
 */
public final class SynthesisKey {
    /** Kept beside the assembly's manifest.json. */
    public static final String FILE = "openclaw-synthesis.key";

    private SynthesisKey() {}

    /** Empty when the synthesizing code is not a jar (an IDE or the plugin's own tests): no reuse then. */
    public static Optional<String> of(StackConfig config) {
        return codeJar().map(jar -> of(config, jar));
    }

    static String of(StackConfig config, Path code) {
        StringBuilder text = new StringBuilder();
        for (RecordComponent component : StackConfig.class.getRecordComponents()) {
            text.append(component.getName())
                    .append('=')
                    .append(canonical(value(component, config)))
                    .append('\n');
        }
        text.append("code=").append(Hashes.sha256Hex(code)).append('\n');
        return Hashes.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key the assembly in {@code dir} was synthesized with, if it is complete. */
    public static Optional<String> stored(Path dir) {
        try {
            return Files.isRegularFile(dir.resolve("manifest.json")) && Files.isRegularFile(dir.resolve(FILE))
                    ? Optional.of(Files.readString(dir.resolve(FILE)).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void store(Path dir, String key) {
        try {
            Files.writeString(dir.resolve(FILE), key + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String canonical(Object value) {
        if (value instanceof Path path) {
            return Hashes.sha256Hex(path);
        }
        if (value instanceof Set<?> values) { // a set's iteration order changes from JVM to JVM
            return values.stream()
                    .map(SynthesisKey::canonical)
                    .sorted()
                    .toList()
                    .toString();
        }
        if (value instanceof List<?> values) {
            return values.stream().map(SynthesisKey::canonical).toList().toString();
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(SynthesisKey::canonical).orElse("-");
        }
        return String.valueOf(value);
    }

    private static Object value(RecordComponent component, StackConfig config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading StackConfig." + component.getName(), e);
        }
    }

    private static Optional<Path> codeJar() {
        try {
            Path code = Path.of(Synthesizer.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return Files.isRegularFile(code) ? Optional.of(code) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
