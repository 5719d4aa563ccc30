package io.github.serverlessopenclaw.plugin.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the Fargate image holds, for this machine's architecture: the Node binary, the installed {@code openclaw}
 * package (the folder holding {@code openclaw.mjs}) and the bridge's class path and main class.
 */
public record ContainerImage(Path node, Path openClawPackage, List<Path> bridgeClasspath, String mainClass) {
    public ContainerImage {
        if (!Files.isExecutable(node)) {
            throw new IllegalArgumentException("no Node binary at " + node);
        }
        if (!Files.isRegularFile(openClawPackage.resolve("openclaw.mjs"))) {
            throw new IllegalArgumentException("no openclaw.mjs in " + openClawPackage);
        }
        bridgeClasspath = List.copyOf(bridgeClasspath);
    }
}
