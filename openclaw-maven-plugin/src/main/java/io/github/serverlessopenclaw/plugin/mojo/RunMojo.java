package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.doctor.NodeRuntime;
import io.github.serverlessopenclaw.plugin.image.BridgeDistribution;
import io.github.serverlessopenclaw.plugin.image.CacheDirectory;
import io.github.serverlessopenclaw.plugin.image.NodeDistribution;
import io.github.serverlessopenclaw.plugin.image.Npm;
import io.github.serverlessopenclaw.plugin.image.OpenClawModules;
import io.github.serverlessopenclaw.plugin.local.ContainerImage;
import io.github.serverlessopenclaw.plugin.local.LocalRun;
import io.github.serverlessopenclaw.plugin.local.LocalRunConfig;
import io.github.serverlessopenclaw.plugin.local.LocalRunConfig.ModelEndpoint;
import io.github.serverlessopenclaw.plugin.local.MotoServer;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the deployment on this machine until Ctrl-C: the same templates deployed to a local moto, the real Lambdas,
 * the two API Gateway APIs, containers as processes and the web UI (see {@link LocalRun}). No AWS account needed.
 */
@Mojo(name = Goals.RUN, requiresOnline = true, threadSafe = true) // npm fetches the image contents on a first run
public class RunMojo extends AbstractStackMojo {

    /** Port of the web UI on localhost. */
    @Parameter(property = PropertyNames.RUN_PORT, defaultValue = "8765")
    private int port;

    /** The user created on the first run (its password is printed once and kept in target/openclaw/run). */
    @Parameter(property = PropertyNames.EMAIL, defaultValue = "me@example.com")
    private String email;

    /** The Telegram Bot API the local functions and containers call (a stub); default Telegram's. */
    @Parameter(property = PropertyNames.TELEGRAM_API_URL)
    private String telegramApiUrl;

    @Override
    protected void run() throws MojoExecutionException {
        if (NodeRuntime.find(System.getenv("PATH")).isEmpty()) {
            // checked first: synthesis is minutes into the start, and jsii's own error names no fix
            throw new ConfigurationException(
                    "node is missing: " + Goals.goal(Goals.RUN) + " synthesizes the templates with"
                            + " aws-cdk-lib, which runs in Node.js: install Node.js 22+ with npm (https://nodejs.org) and put it on PATH");
        }
        MotoServer.missing().filter(m -> endpoint == null || endpoint.isBlank()).ifPresent(missing -> {
            throw new ConfigurationException(missing);
        });
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new ConfigurationException(
                    Goals.goal(Goals.RUN) + " runs the containers with the image's Linux Node and OpenClaw:"
                            + " it needs Linux (on macOS or Windows run it in a Linux VM or container)");
        }
        Path buildDir = (buildDirectory == null ? new File("target") : buildDirectory).toPath();
        StackConfig stacks = stackConfig();
        LocalRunConfig config = new LocalRunConfig(
                stacks,
                buildDir.resolve("openclaw/run"),
                Optional.ofNullable(endpoint).filter(e -> !e.isBlank()).map(URI::create),
                containerImage(),
                secrets(stacks),
                model(stacks),
                Optional.ofNullable(telegramApiUrl).filter(u -> !u.isBlank()).map(URI::create),
                port,
                email);
        CountDownLatch stopped = new CountDownLatch(1);
        LocalRun run = LocalRun.start(config, line -> getLog().info(line));
        Thread hook = new Thread(
                () -> {
                    getLog().info("stopping: containers, functions, APIs, web, moto");
                    run.close();
                    stopped.countDown();
                },
                "openclaw-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.close();
        }
    }

    /** The image's contents for this machine: Node and OpenClaw's modules from push-image's cache, the bridge jars. */
    private ContainerImage containerImage() {
        Architecture host = Architecture.parse(System.getProperty("os.arch"));
        CacheDirectory cache = new CacheDirectory(cacheDirectory.toPath());
        Npm npm = Npm.onPath();
        String version = nodeVersion == null || nodeVersion.isBlank() ? NodeDistribution.pinnedVersion() : nodeVersion;
        getLog().info("image contents for " + host.npmCpu() + " (Node " + version + ", OpenClaw, bridge) from "
                + cacheDirectory + "; the first run downloads them");
        Path node = new NodeDistribution(npm, cache).prepare(version, host).resolve("bin/node");
        OpenClawModules modules = new OpenClawModules(npm, cache);
        Path project = openclawProject != null ? openclawProject.toPath() : modules.bundledProject();
        Path openclaw = modules.prepare(project, host).resolve("node_modules/openclaw");
        BridgeDistribution bridge = bridgeDirectory != null
                ? BridgeDistribution.fromDirectory(bridgeDirectory.toPath(), bridgeMainClass)
                : BridgeDistribution.of(
                        runtimeArtifacts().bridgeJars("set -Dopenclaw.bridgeDirectory to a folder of bridge jars"),
                        bridgeMainClass);
        List<Path> classpath = new ArrayList<>(bridge.applicationJars());
        classpath.addAll(bridge.dependencyJars());
        return new ContainerImage(node, openclaw, classpath, bridge.mainClass());
    }

    /** The provider key (and Telegram's bot token) as a deploy finds them; none needed with a model endpoint. */
    private Map<Secret, String> secrets(StackConfig stacks) {
        Map<Secret, String> values = new LinkedHashMap<>();
        var sources = secretSources();
        for (Secret secret : stacks.referencedSecrets()) {
            if (!secret.generated()) {
                sources.find(secret).ifPresent(found -> values.put(secret, found.value()));
            }
        }
        if (stacks.telegram() && !values.containsKey(Secret.TELEGRAM_BOT_TOKEN)) {
            throw new ConfigurationException(PropertyNames.TELEGRAM + " is on but no telegram-bot-token was given: set "
                    + Secret.TELEGRAM_BOT_TOKEN.envVar() + " or "
                    + PropertyNames.flag(SecretSources.property(Secret.TELEGRAM_BOT_TOKEN)));
        }
        return values;
    }

    /** The custom endpoint of {@code openclaw.modelBaseUrl} (validated with the stacks), its key from the environment only. */
    private static Optional<ModelEndpoint> model(StackConfig stacks) {
        // never a mojo parameter for the key: -X would print it
        Optional<String> key =
                Optional.ofNullable(System.getenv(Env.OPENCLAW_MODEL_API_KEY)).filter(k -> !k.isBlank());
        return stacks.modelBaseUrl()
                .map(url -> new ModelEndpoint(URI.create(url), stacks.modelApi().orElse(null), key));
    }
}
