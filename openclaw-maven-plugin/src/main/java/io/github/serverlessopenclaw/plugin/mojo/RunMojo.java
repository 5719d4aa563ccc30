package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.image.Architecture;
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
@Mojo(name = "run", threadSafe = true)
public class RunMojo extends AbstractStackMojo {

    /** Port of the web UI on localhost. */
    @Parameter(property = "openclaw.run.port", defaultValue = "8765")
    private int port;

    /** The user created on the first run (its password is printed once and kept in target/openclaw/run). */
    @Parameter(property = "openclaw.email", defaultValue = "me@example.com")
    private String email;

    /** An OpenAI-compatible (or other OpenClaw api) model endpoint instead of the provider's, e.g. a local Ollama. */
    @Parameter(property = "openclaw.modelBaseUrl")
    private String runModelBaseUrl;

    /** The endpoint's OpenClaw api: openai-completions (default), anthropic-messages, … */
    @Parameter(property = "openclaw.modelApi")
    private String runModelApi;

    /** The Telegram Bot API the local functions and containers call (a stub); default Telegram's. */
    @Parameter(property = "openclaw.telegram.apiUrl")
    private String telegramApiUrl;

    @Override
    protected void run() throws MojoExecutionException {
        MotoServer.missing().filter(m -> endpoint == null || endpoint.isBlank()).ifPresent(missing -> {
            throw new ConfigurationException(missing);
        });
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new ConfigurationException("openclaw:run runs the containers with the image's Linux Node and OpenClaw:"
                    + " it needs Linux (on macOS or Windows run it in a Linux VM or container)");
        }
        Path buildDir = (buildDirectory == null ? new File("target") : buildDirectory).toPath();
        StackConfig stacks = stackConfig();
        LocalRunConfig config = new LocalRunConfig(stacks, buildDir.resolve("openclaw/run"),
                Optional.ofNullable(endpoint).filter(e -> !e.isBlank()).map(URI::create),
                containerImage(), secrets(stacks), model(), Optional.ofNullable(telegramApiUrl).filter(u -> !u.isBlank()).map(URI::create),
                port, email);
        CountDownLatch stopped = new CountDownLatch(1);
        LocalRun run = LocalRun.start(config, line -> getLog().info(line));
        Thread hook = new Thread(() -> {
            getLog().info("stopping: containers, functions, APIs, web, moto");
            run.close();
            stopped.countDown();
        }, "openclaw-run-stop");
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
        getLog().info("image contents for " + host.npmCpu() + " (Node " + version + ", OpenClaw, bridge) from " + cacheDirectory
                + "; the first run downloads them");
        Path node = new NodeDistribution(npm, cache).prepare(version, host).resolve("bin/node");
        OpenClawModules modules = new OpenClawModules(npm, cache);
        Path project = openclawProject != null ? openclawProject.toPath() : modules.bundledProject();
        Path openclaw = modules.prepare(project, host).resolve("node_modules/openclaw");
        BridgeDistribution bridge = bridgeDirectory != null
                ? BridgeDistribution.fromDirectory(bridgeDirectory.toPath(), bridgeMainClass)
                : BridgeDistribution.of(runtimeArtifacts().bridgeJars("set -Dopenclaw.bridgeDirectory to a folder of bridge jars"),
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
            throw new ConfigurationException("openclaw.telegram is on but no telegram-bot-token was given: set "
                    + Secret.TELEGRAM_BOT_TOKEN.envVar() + " or -D" + io.github.serverlessopenclaw.plugin.secrets.SecretSources.property(
                    Secret.TELEGRAM_BOT_TOKEN));
        }
        return values;
    }

    private Optional<ModelEndpoint> model() {
        if (runModelBaseUrl == null || runModelBaseUrl.isBlank()) {
            return Optional.empty();
        }
        URI url = URI.create(runModelBaseUrl.trim());
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new ConfigurationException("openclaw.modelBaseUrl '" + runModelBaseUrl + "' must be an http(s) URL,"
                    + " e.g. http://localhost:11434/v1 for Ollama");
        }
        // the endpoint's key, if it needs one, from the environment only (never a mojo parameter -X would print)
        return Optional.of(new ModelEndpoint(url, runModelApi,
                Optional.ofNullable(System.getenv(io.github.serverlessopenclaw.common.Env.OPENCLAW_MODEL_API_KEY)).filter(k -> !k.isBlank())));
    }
}
