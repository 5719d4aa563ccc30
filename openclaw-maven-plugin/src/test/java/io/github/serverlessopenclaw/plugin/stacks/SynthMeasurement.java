package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Measures synthesis of all stacks in one JVM: the first (cold: jsii starts node and loads aws-cdk-lib) and
 * then warm runs. Prints figures; asserts nothing. Run with scripts/measure-synth.
 * Arguments: [warm runs, default 5] [lambda jar, default a small generated one] [output directory].
 */
public final class SynthMeasurement {

    public static void main(String[] args) throws Exception {
        int warmRuns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory("openclaw-synth-measure");
        Path jar = args.length > 1 && !args[1].isEmpty() ? Path.of(args[1]) : tinyJar(work.resolve("lambdas.jar"));
        Path out = args.length > 2 ? Path.of(args[2]) : work.resolve("cdk.out");
        StackConfig config = StackConfig.builder(AppNames.defaults(), jar)
                .monitoring(true)
                .prewarmSchedules(java.util.List.of("0 9 ? * MON-FRI *"))
                .telegram(true)
                .build();
        Synthesizer synthesizer = new Synthesizer();
        long jvmStart = System.nanoTime();
        Synthesizer.Result cold = synthesizer.synthesize(config, out);
        System.out.printf(
                "cold synth (first in this JVM, incl. jsii/node start): %d ms (%d stacks, %d resources)%n",
                (System.nanoTime() - jvmStart) / 1_000_000,
                cold.stacks().size(),
                cold.stacks().stream()
                        .mapToInt(Synthesizer.SynthesizedStack::resourceCount)
                        .sum());
        long total = 0;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < warmRuns; i++) {
            long start = System.nanoTime();
            synthesizer.synthesize(config, out);
            long ms = (System.nanoTime() - start) / 1_000_000;
            total += ms;
            best = Math.min(best, ms);
            System.out.printf("warm synth %d: %d ms%n", i + 1, ms);
        }
        if (warmRuns > 0) {
            System.out.printf("warm synth: mean %d ms, best %d ms over %d runs%n", total / warmRuns, best, warmRuns);
        }
        System.exit(0);
    }

    /** A stand-in for the runtime-lambdas jar: synthesis only hashes and copies it. */
    static Path tinyJar(Path file) throws Exception {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("io/github/serverlessopenclaw/lambdas/README.txt"));
            zip.write("stand-in for the runtime-lambdas jar in stack tests".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
