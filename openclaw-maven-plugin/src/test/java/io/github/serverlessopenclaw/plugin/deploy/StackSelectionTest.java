package io.github.serverlessopenclaw.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.assembly.CloudAssembly;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** -Dopenclaw.stacks on the committed fixture assembly (App depends on Base; Other stands alone). */
class StackSelectionTest {
    private final CloudAssembly assembly = CloudAssembly.load(Path.of("src/test/resources/fixture-assembly"));

    @Test
    void allStacksWhenNoneIsNamed() {
        assertThat(Deployer.select(assembly, Set.of(), true))
                .extracting(StackArtifact::id)
                .containsExactly("Base", "App", "Other");
    }

    @Test
    void aNamedStackComesWithWhatItDependsOn() {
        assertThat(Deployer.select(assembly, Set.of("App"), true))
                .extracting(StackArtifact::id)
                .containsExactly("Base", "App");
    }

    @Test
    void exclusivelyLeavesTheDependenciesOut() {
        assertThat(Deployer.select(assembly, Set.of("App"), false))
                .extracting(StackArtifact::id)
                .containsExactly("App");
    }

    @Test
    void anUnknownNameListsTheStacksThereAre() {
        assertThatThrownBy(() -> Deployer.select(assembly, Set.of("Nope"), true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No stack named Nope")
                .hasMessageContaining("fixture-Base");
    }
}
