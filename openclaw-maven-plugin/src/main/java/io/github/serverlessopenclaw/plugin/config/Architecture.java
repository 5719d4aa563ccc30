package io.github.serverlessopenclaw.plugin.config;

import java.util.Locale;

/** The CPU the Fargate task runs on; one single-platform image per build. */
public enum Architecture {
    ARM64("arm64", "arm64"),
    X86_64("amd64", "x64");

    private final String imageArchitecture;
    private final String npmCpu;

    Architecture(String imageArchitecture, String npmCpu) {
        this.imageArchitecture = imageArchitecture;
        this.npmCpu = npmCpu;
    }

    /** The name in the image config and in manifest lists ({@code arm64}, {@code amd64}). */
    public String imageArchitecture() {
        return imageArchitecture;
    }

    /** npm's name for the CPU ({@code --cpu=}, package {@code node-linux-<cpu>}). */
    public String npmCpu() {
        return npmCpu;
    }

    /** The npm package that carries the Node binary for this CPU. */
    public String nodePackage() {
        return "node-linux-" + npmCpu;
    }

    /** Accepts the spellings users meet (ECS says ARM64/X86_64, Docker arm64/amd64, Node arm64/x64). */
    public static Architecture parse(String value) {
        String normalized =
                value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (normalized) {
            case "arm64", "aarch64" -> ARM64;
            case "x86_64", "amd64", "x64" -> X86_64;
            default ->
                throw new ConfigurationException("architecture '" + value + "' is not supported: use" + " "
                        + PropertyNames.flag(PropertyNames.ARCHITECTURE) + "=arm64 (the default) or "
                        + PropertyNames.flag(PropertyNames.ARCHITECTURE) + "=x86_64");
        };
    }
}
