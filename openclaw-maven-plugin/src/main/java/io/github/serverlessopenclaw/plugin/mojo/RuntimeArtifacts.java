package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * The runtimes the plugin deploys (the Lambda jar, the bridge and its dependencies), resolved at the
 * plugin's own version from the user's repositories. They are never on the plugin's class path: the bridge
 * and the shaded Lambda jar carry their own copies of the AWS SDK.
 */
final class RuntimeArtifacts {
    static final String BRIDGE_ARTIFACT_ID = "openclaw-runtime-container";
    /**
     * What a runtime class path holds: compile and runtime scopes. Written here rather than taken from
     * maven-resolver-util, which Maven does not export to plugins (the class was missing at run time).
     */
    private static final Set<String> RUNTIME_SCOPES = Set.of("compile", "runtime");

    private static final DependencyFilter RUNTIME_CLASS_PATH = (node, parents) -> node.getDependency() == null
            || RUNTIME_SCOPES.contains(node.getDependency().getScope());

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;
    private final PluginDescriptor plugin;

    RuntimeArtifacts(
            RepositorySystem system,
            RepositorySystemSession session,
            List<RemoteRepository> repositories,
            PluginDescriptor plugin) {
        this.system = system;
        this.session = session;
        this.repositories = repositories == null ? List.of() : repositories;
        this.plugin = plugin;
    }

    /** Whether Maven gave us what resolving needs (the plugin-testing harness does not). */
    boolean available() {
        return system != null && session != null && plugin != null;
    }

    /** The shaded runtime-lambdas jar (attached as type zip, classifier lambda). */
    Path lambdaJar(String parameterHint) {
        Artifact artifact = new DefaultArtifact(
                Handler.ARTIFACT_GROUP_ID,
                Handler.ARTIFACT_ID,
                Handler.ARTIFACT_CLASSIFIER,
                Handler.ARTIFACT_TYPE,
                version());
        if (!available()) {
            throw notResolvable(artifact, "not running inside a Maven build", parameterHint);
        }
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw notResolvable(artifact, e.getMessage(), parameterHint);
        }
    }

    /** The bridge jar and its runtime dependencies. */
    List<Path> bridgeJars(String parameterHint) {
        Artifact artifact = new DefaultArtifact(
                plugin == null ? Handler.ARTIFACT_GROUP_ID : plugin.getGroupId(), BRIDGE_ARTIFACT_ID, "jar", version());
        if (!available()) {
            throw notResolvable(artifact, "not running inside a Maven build", parameterHint);
        }
        CollectRequest collect = new CollectRequest(new Dependency(artifact, "runtime"), repositories);
        try {
            return system
                    .resolveDependencies(session, new DependencyRequest(collect, RUNTIME_CLASS_PATH))
                    .getArtifactResults()
                    .stream()
                    .map(ArtifactResult::getArtifact)
                    .map(a -> a.getFile().toPath())
                    .toList();
        } catch (DependencyResolutionException e) {
            throw notResolvable(artifact, e.getMessage(), parameterHint);
        }
    }

    private String version() {
        return plugin == null ? "unknown" : plugin.getVersion();
    }

    private static ConfigurationException notResolvable(Artifact artifact, String why, String parameterHint) {
        return new ConfigurationException(artifact + " could not be resolved (" + why + "): check that the plugin's"
                + " repository is reachable (mvn install when building this project yourself), or " + parameterHint);
    }
}
