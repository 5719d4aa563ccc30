package io.github.serverlessopenclaw.plugin.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthesis in a fresh JVM whose environment and system properties hold a sentinel value for every secret (the
 * way users pass them to other goals): no file of the cloud assembly, and nothing synth prints, contains one.
 */
class SecretSentinelTest {

    @TempDir
    Path work;

    @Test
    void noSecretValueFromTheEnvironmentOrPropertiesReachesTheAssembly() throws Exception {
        String sentinel = "SENTINEL-" + UUID.randomUUID();
        Path out = work.resolve("cdk.out");
        Path jar = SynthMeasurement.tinyJar(work.resolve("lambdas.jar"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        for (Secret secret : Secret.values()) {
            command.add("-Dopenclaw.secret." + secret.secretName() + "=" + sentinel + "-" + secret.secretName());
        }
        command.addAll(List.of(SynthMeasurement.class.getName(), "0", jar.toString(), out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        for (Secret secret : Secret.values()) {
            String variable = secret.name();
            environment.put(variable, sentinel + "-" + variable);
        }
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();

        List<Path> files;
        try (Stream<Path> all = Files.walk(out)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files.stream().map(Path::getFileName).map(Path::toString))
                .contains("Api.template.json", "Compute.template.json", "manifest.json");
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(content).as(file.toString()).doesNotContain(sentinel);
        }
        assertThat(printed).doesNotContain(sentinel);
    }
}
