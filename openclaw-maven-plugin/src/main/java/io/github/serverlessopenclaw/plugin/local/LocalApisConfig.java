package io.github.serverlessopenclaw.plugin.local;

import io.github.serverlessopenclaw.common.AppNames;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link LocalApis#start} needs: where the local stacks were deployed (moto, region, app name), the Lambda jar
 * the functions run from, the environment values that replace AWS endpoints, the ports (0 = any free one) and a
 * directory for each function's output.
 *
 * @param motoEndpoint     the moto server the stacks were deployed to (also the functions' {@code AWS_ENDPOINT_URL})
 * @param region           the region the stacks were deployed in
 * @param names            the app's names (stack, function, API names)
 * @param lambdaJar        the shaded runtime-lambdas jar (what the stacks deploy)
 * @param environmentOverrides values that win over each function's template environment (e.g. a bridge port);
 *                         {@code WEBSOCKET_CALLBACK_URL} and {@code COGNITO_JWKS_URL} are set to the local ones
 *                         unless given here
 * @param webSocketPort    port of the WebSocket API (0: any free port)
 * @param httpApiPort      port of the HTTP API (0: any free port)
 * @param managementPort   port of the {@code @connections} management API (0: any free port)
 * @param logDirectory     one {@code <function name>.log} per function, and the task root the functions run in
 * @param runtime          which runtime loop the function JVMs run
 */
public record LocalApisConfig(
        URI motoEndpoint,
        String region,
        AppNames names,
        Path lambdaJar,
        Map<String, String> environmentOverrides,
        int webSocketPort,
        int httpApiPort,
        int managementPort,
        Path logDirectory,
        RuntimeChoice runtime) {

    /** The runtime loop inside each function JVM. */
    public enum RuntimeChoice {
        /** AWS's runtime interface client where its native code runs (Linux x86_64/arm64), else the project's loop. */
        AUTO,
        /** AWS's runtime interface client; fails on a platform it does not support. */
        RUNTIME_INTERFACE_CLIENT,
        /** The project's own small loop ({@link RuntimeLoop}), for macOS and Windows. */
        OWN_LOOP
    }

    public LocalApisConfig {
        Objects.requireNonNull(motoEndpoint, "motoEndpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(lambdaJar, "lambdaJar");
        Objects.requireNonNull(logDirectory, "logDirectory");
        environmentOverrides = Map.copyOf(environmentOverrides == null ? Map.of() : environmentOverrides);
        runtime = runtime == null ? RuntimeChoice.AUTO : runtime;
    }

    public static Builder builder(URI motoEndpoint, String region, AppNames names, Path lambdaJar, Path logDirectory) {
        return new Builder(motoEndpoint, region, names, lambdaJar, logDirectory);
    }

    /** Ports default to 0 (any free port), no overrides, {@link RuntimeChoice#AUTO}. */
    public static final class Builder {
        private final URI motoEndpoint;
        private final String region;
        private final AppNames names;
        private final Path lambdaJar;
        private final Path logDirectory;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private int webSocketPort;
        private int httpApiPort;
        private int managementPort;
        private RuntimeChoice runtime = RuntimeChoice.AUTO;

        private Builder(URI motoEndpoint, String region, AppNames names, Path lambdaJar, Path logDirectory) {
            this.motoEndpoint = motoEndpoint;
            this.region = region;
            this.names = names;
            this.lambdaJar = lambdaJar;
            this.logDirectory = logDirectory;
        }

        public Builder environmentOverride(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        public Builder environmentOverrides(Map<String, String> values) {
            overrides.putAll(values);
            return this;
        }

        public Builder webSocketPort(int port) {
            this.webSocketPort = port;
            return this;
        }

        public Builder httpApiPort(int port) {
            this.httpApiPort = port;
            return this;
        }

        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        public Builder runtime(RuntimeChoice choice) {
            this.runtime = choice;
            return this;
        }

        public LocalApisConfig build() {
            return new LocalApisConfig(
                    motoEndpoint,
                    region,
                    names,
                    lambdaJar,
                    overrides,
                    webSocketPort,
                    httpApiPort,
                    managementPort,
                    logDirectory,
                    runtime);
        }
    }
}
