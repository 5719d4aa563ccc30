package io.github.serverlessopenclaw.lambdas;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM on the shaded jar (started by {@link ColdStartMeasurement}): constructs one handler
 * the way the Lambda runtime does (public no-arg constructor, production {@link Services} from the
 * environment), then invokes it twice with the given event. Prints the figures on one line.
 */
public final class ColdStartProbe {
    public static void main(String[] args) throws Exception {
        long mainEntered = System.currentTimeMillis();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        byte[] secondEvent = Files.readAllBytes(Path.of(args[2]));
        // CPU time of this thread too: the wall clock is inflated when the machine is shared.
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        // classes loaded by each phase: a count the machine's load does not blur
        var classes = java.lang.management.ManagementFactory.getClassLoadingMXBean();
        long k0 = classes.getTotalLoadedClassCount();
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        RequestStreamHandler handler =
                (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        long k1 = classes.getTotalLoadedClassCount();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), first, null);
        long t2 = System.nanoTime();
        long c2 = threads.getCurrentThreadCpuTime();
        long k2 = classes.getTotalLoadedClassCount();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(secondEvent), second, null);
        long t3 = System.nanoTime();
        System.out.printf(
                "PROBE mainEnteredMs=%d initMs=%.0f (cpu %.0f) firstInvokeMs=%.0f (cpu %.0f) secondInvokeMs=%.0f status=%s classes=%d+%d%n",
                mainEntered,
                (t1 - t0) / 1e6,
                (c1 - c0) / 1e6,
                (t2 - t1) / 1e6,
                (c2 - c1) / 1e6,
                (t3 - t2) / 1e6,
                first.toString(StandardCharsets.UTF_8).replaceAll(".*\"statusCode\":(\\d+).*", "$1"),
                k1 - k0,
                k2 - k1);
    }
}
