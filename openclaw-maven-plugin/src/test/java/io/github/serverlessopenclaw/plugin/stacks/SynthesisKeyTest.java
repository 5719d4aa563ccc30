package io.github.serverlessopenclaw.plugin.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key deploy reuses an assembly by: same inputs, same key; any input changed, another key. */
class SynthesisKeyTest {
    @TempDir
    Path work;

    private Path jar;
    private Path code;

    @BeforeEach
    void files() throws Exception {
        jar = Files.writeString(work.resolve("lambdas.jar"), "lambda code v1");
        code = Files.writeString(work.resolve("plugin.jar"), "plugin code v1");
    }

    private StackConfig.Builder config() {
        return StackConfig.builder(new AppNames("key-test"), jar)
                .image("registry.example/app@sha256:" + "a".repeat(64))
                .prewarmSchedules(List.of("0 9 ? * MON *", "0 18 ? * FRI *"));
    }

    @Test
    void sameInputsGiveTheSameKeyWhateverTheSetOrder() {
        LinkedHashSet<Secret> oneOrder = new LinkedHashSet<>(List.of(Secret.OPENAI_API_KEY, Secret.GEMINI_API_KEY));
        LinkedHashSet<Secret> otherOrder = new LinkedHashSet<>(List.of(Secret.GEMINI_API_KEY, Secret.OPENAI_API_KEY));
        assertThat(SynthesisKey.of(config().optionalSecrets(oneOrder).build(), code))
                .isEqualTo(SynthesisKey.of(config().optionalSecrets(otherOrder).build(), code));
    }

    @Test
    void anyChangedInputGivesAnotherKey() throws Exception {
        String key = SynthesisKey.of(config().build(), code);
        assertThat(SynthesisKey.of(
                        config().image("registry.example/app@sha256:" + "b".repeat(64))
                                .build(),
                        code))
                .isNotEqualTo(key);
        assertThat(SynthesisKey.of(config().cpu(2048).memoryMb(4096).build(), code))
                .isNotEqualTo(key);
        assertThat(SynthesisKey.of(
                        config().prewarmSchedules(List.of("0 18 ? * FRI *", "0 9 ? * MON *"))
                                .build(),
                        code))
                .as("schedules are a list: their order is part of the stacks")
                .isNotEqualTo(key);

        Files.writeString(jar, "lambda code v2");
        assertThat(SynthesisKey.of(config().build(), code))
                .as("the Lambda jar by content")
                .isNotEqualTo(key);
        Files.writeString(jar, "lambda code v1");
        assertThat(SynthesisKey.of(config().build(), code)).isEqualTo(key);

        Files.writeString(code, "plugin code v2");
        assertThat(SynthesisKey.of(config().build(), code))
                .as("the synthesizing code")
                .isNotEqualTo(key);
    }

    @Test
    void onlyACompleteAssemblyHasAStoredKey() throws Exception {
        Path dir = Files.createDirectories(work.resolve("cdk.out"));
        SynthesisKey.store(dir, "k1");
        assertThat(SynthesisKey.stored(dir)).isEmpty(); // no manifest.json: an interrupted synth
        Files.writeString(dir.resolve("manifest.json"), "{}");
        assertThat(SynthesisKey.stored(dir)).contains("k1");
    }

    @Test
    void theKeyIsOnlyUsedWhenTheCodeIsAJar() {
        // these tests run from target/classes: no jar to identify the code by, so never a reuse
        assertThat(SynthesisKey.of(config().build())).isEmpty();
    }
}
