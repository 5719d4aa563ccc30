package io.github.serverlessopenclaw.plugin.local;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a function's JVM as Lambda's java21 runtime would: the Lambda jar unpacked as the task root (here: as
 * {@code lib/} of the task root, which the runtime's class loader reads the same way), the reserved environment
 * ({@code AWS_LAMBDA_RUNTIME_API}, {@code _HANDLER}, {@code AWS_LAMBDA_FUNCTION_NAME}, region, credentials, …) over the
 * template's, then the caller's overrides; the runtime's JVM flags (serial GC, heap at 85 % of the function's memory).
 * The runtime loop is AWS's runtime interface client where its native code runs (Linux x86_64 and arm64), else the
 * project's {@link RuntimeLoop}.
 */
final class FunctionLauncher {
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** One class of each jar the runtime interface client needs (it, aws-lambda-java-core, its serialization, utils-lite). */
    private static final List<String> RIC_CLASSES = List.of(
            "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class",
            "com/amazonaws/services/lambda/runtime/Context.class",
            "com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class",
            "software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class");

    private static final Path NATIVE_LIBRARY_LOCK =
            Path.of(System.getProperty("java.io.tmpdir"), ".openclaw-lambda-jni.lock");
    private static final List<String> LOOP_CLASSES = List.of(
            "com/amazonaws/services/lambda/runtime/Context.class",
            RuntimeLoop.class.getName().replace('.', '/') + ".class");

    private final LocalApisConfig config;
    private final Path taskRoot;
    private final boolean useRic;
    private final List<Path> classPath;

    private FunctionLauncher(LocalApisConfig config, Path taskRoot, boolean useRic, List<Path> classPath) {
        this.config = config;
        this.taskRoot = taskRoot;
        this.useRic = useRic;
        this.classPath = classPath;
    }

    static FunctionLauncher create(LocalApisConfig config) {
        if (!Files.isRegularFile(config.lambdaJar())) {
            throw new LocalApisException(
                    "the Lambda jar " + config.lambdaJar() + " does not exist: build runtime-lambdas"
                            + " (mvn package) or point at the openclaw-runtime-lambdas jar (classifier lambda)");
        }
        boolean ric = switch (config.runtime()) {
            case RUNTIME_INTERFACE_CLIENT -> {
                if (!ricSupported()) {
                    throw new LocalApisException(
                            "AWS's runtime interface client has native code for Linux x86_64 and" + " arm64 only, not "
                                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
                }
                yield true;
            }
            case OWN_LOOP -> false;
            case AUTO -> ricSupported();
        };
        try {
            Path taskRoot = config.logDirectory().resolve("task");
            Files.createDirectories(taskRoot.resolve("lib"));
            // the deployed code, as Lambda unpacks it: the runtime's class loader reads the task root and lib/*.jar
            Files.copy(
                    config.lambdaJar(),
                    taskRoot.resolve("lib").resolve("function.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            return new FunctionLauncher(config, taskRoot, ric, jarsOf(ric ? RIC_CLASSES : LOOP_CLASSES));
        } catch (IOException e) {
            throw new LocalApisException("cannot prepare " + config.logDirectory() + ": " + e.getMessage(), e);
        }
    }

    /** For the start-up line: which runtime loop runs in the function JVMs. */
    String description() {
        return useRic
                ? "AWS Lambda runtime interface client (aws-lambda-java-runtime-interface-client)"
                : "the project's own runtime loop (the runtime interface client has no native code for "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
    }

    Path logFile(DeployedApis.Function function) {
        return config.logDirectory().resolve(function.name() + ".log");
    }

    Process launch(DeployedApis.Function function, String runtimeApi, Map<String, String> overrides) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(String.join(
                File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(useRic ? RIC_MAIN : RuntimeLoop.class.getName());
        command.add(function.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        String systemRoot = environment.get("SystemRoot");
        environment.clear(); // a function sees its own environment, not the caller's
        if (path != null) {
            environment.put("PATH", path);
        }
        if (systemRoot != null) {
            environment.put("SystemRoot", systemRoot);
        }
        environment.putAll(function.environment());
        environment.putAll(reserved(function, runtimeApi));
        environment.putAll(overrides);
        Path log = logFile(function);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            if (!useRic) {
                return builder.start();
            }
            // The client copies its native library to the fixed path /tmp/.libaws-lambda-jni.so at start (each Lambda
            // sandbox has its own /tmp): JVMs starting together overwrite it while another loads it (SIGBUS). So one
            // JVM at a time, on this machine, until it has loaded the library; their inits still overlap.
            synchronized (FunctionLauncher.class) { // the file lock is per process; this is per thread
                try (FileChannel lock = FileChannel.open(
                                NATIVE_LIBRARY_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = lock.lock()) {
                    Process process = builder.start();
                    awaitNativeLibrary(process);
                    return process;
                }
            }
        } catch (IOException e) {
            throw new LocalApisException("cannot start the JVM of " + function.name() + ": " + e.getMessage(), e);
        }
    }

    /** Until the process has mapped the client's native library (Linux: /proc/<pid>/maps), exited, or 20 s passed. */
    private static void awaitNativeLibrary(Process process) {
        Path maps = Path.of("/proc", Long.toString(process.pid()), "maps");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                if (Files.readString(maps).contains(".libaws-lambda-jni")) {
                    return;
                }
                Thread.sleep(50);
            } catch (IOException e) {
                return; // no /proc: nothing to wait for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The variables Lambda sets itself (a template cannot set them). */
    private Map<String, String> reserved(DeployedApis.Function function, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", function.handler());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_REGION", config.region());
        env.put("AWS_DEFAULT_REGION", config.region());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL", config.motoEndpoint().toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        return env;
    }

    /** Linux on x86_64 or arm64 with glibc or musl: the platforms the client ships native code for. */
    static boolean ricSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    /** The jar (or class folder) each class is loaded from, found without loading the class. */
    private static List<Path> jarsOf(List<String> classFiles) {
        ClassLoader loader = FunctionLauncher.class.getClassLoader();
        List<Path> jars = new ArrayList<>();
        for (String classFile : classFiles) {
            URL url = loader.getResource(classFile);
            if (url == null) {
                throw new LocalApisException(classFile + " is not on the plugin's class path (the runtime interface"
                        + " client and aws-lambda-java-core are dependencies of openclaw-maven-plugin)");
            }
            jars.add(location(url, classFile));
        }
        return jars.stream().distinct().toList();
    }

    private static Path location(URL url, String classFile) {
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                return Paths.get(new java.net.URI(text.substring(4, text.indexOf("!/"))));
            }
            Path file = Paths.get(url.toURI());
            for (int i = 0; i < classFile.split("/").length; i++) {
                file = file.getParent();
            }
            return file;
        } catch (URISyntaxException e) {
            throw new LocalApisException("cannot locate " + classFile + " (" + url + ")", e);
        }
    }
}
