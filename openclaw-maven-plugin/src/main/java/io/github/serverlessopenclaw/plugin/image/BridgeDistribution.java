package io.github.serverlessopenclaw.plugin.image;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bridge as jars: third-party dependencies (they change rarely, so they get their own layer) and
 * the project's own jars, plus the main class the JVM starts.
 */
public record BridgeDistribution(List<Path> dependencyJars, List<Path> applicationJars, String mainClass) {
    /** The bridge that runtime-container builds. */
    public static final String DEFAULT_MAIN_CLASS = "io.github.serverlessopenclaw.bridge.Main";
    /** The project's own artifacts; everything else is a dependency. */
    private static final String PROJECT_JAR_PREFIX = "openclaw-runtime-";

    private static final Pattern CLASS_NAME =
            Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");

    public BridgeDistribution {
        dependencyJars = sorted(dependencyJars);
        applicationJars = sorted(applicationJars);
        if (applicationJars.isEmpty()) {
            throw new ConfigurationException("the bridge has no jar of its own (" + PROJECT_JAR_PREFIX + "*.jar); build"
                    + " runtime-container first, or point " + PropertyNames.flag(PropertyNames.BRIDGE_DIRECTORY)
                    + " at the folder of its jars");
        }
        if (mainClass == null || !CLASS_NAME.matcher(mainClass).matches()) {
            throw new ConfigurationException("bridge main class '" + mainClass + "' is not a Java class name; use" + " "
                    + PropertyNames.flag(PropertyNames.BRIDGE_MAIN_CLASS) + "=" + DEFAULT_MAIN_CLASS);
        }
    }

    /** Splits jars into the project's own ({@code openclaw-runtime-*}) and their dependencies. */
    public static BridgeDistribution of(List<Path> jars, String mainClass) {
        List<Path> dependencies = new ArrayList<>();
        List<Path> application = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
                throw new ConfigurationException("bridge jar " + jar + " is not a jar file");
            }
            (jar.getFileName().toString().startsWith(PROJECT_JAR_PREFIX) ? application : dependencies).add(jar);
        }
        return new BridgeDistribution(dependencies, application, mainClass);
    }

    /** Every jar in {@code directory} and its subfolders (e.g. runtime-container's target jar and bridge-libs/). */
    public static BridgeDistribution fromDirectory(Path directory, String mainClass) {
        if (!Files.isDirectory(directory)) {
            throw new ConfigurationException("bridge folder " + directory + " does not exist; build runtime-container"
                    + " (mvn package) or set " + PropertyNames.flag(PropertyNames.BRIDGE_DIRECTORY)
                    + " to the folder holding the bridge jars");
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return of(
                    files.filter(f -> Files.isRegularFile(f)
                                    && f.toString().endsWith(".jar")
                                    && !f.getFileName().toString().endsWith("-sources.jar")
                                    && !f.getFileName().toString().endsWith("-tests.jar"))
                            .toList(),
                    mainClass);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> sorted(List<Path> jars) {
        // order by file name: the class path and the layer must not depend on directory listing order
        return jars.stream()
                .sorted((a, b) ->
                        a.getFileName().toString().compareTo(b.getFileName().toString()))
                .toList();
    }
}
