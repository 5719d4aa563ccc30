package io.github.serverlessopenclaw.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Fails a test with the install command when a tool it needs is missing: never a silent skip. */
public final class RequiredTool {
    private static final Map<String, String> HOW_TO_INSTALL = Map.of(
            "moto_server",
                    "moto_server (Python moto 5.2.1 with its server extra) is required: pip install 'moto[server]==5.2.1', or run scripts/test",
            "python3",
                    "python3 with moto 5.2.1 is required: apt-get install -y python3 && pip install 'moto[server]==5.2.1'",
            "docker-registry",
                    "docker-registry is required for image tests: apt-get install -y docker-registry (scripts/test does this when run as root)",
            "cfn-lint", "cfn-lint is required for template tests: pip install cfn-lint",
            "node", "node is required (aws-cdk-lib runs its core in node): install Node.js 22+ and put it on PATH",
            "chromium", "chromium is required for browser tests: apt-get install -y chromium");

    private RequiredTool() {}

    /** Returns the tool's path (absolute paths are taken as they are), or fails with how to install it. */
    public static Path check(String tool) {
        Path direct = Path.of(tool);
        if (direct.isAbsolute()) {
            if (Files.isExecutable(direct)) {
                return direct;
            }
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, tool);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(HOW_TO_INSTALL.getOrDefault(tool, tool + " is required on PATH"));
    }
}
