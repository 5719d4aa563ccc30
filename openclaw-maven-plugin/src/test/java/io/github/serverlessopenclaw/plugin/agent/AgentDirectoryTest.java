package io.github.serverlessopenclaw.plugin.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent folder is checked before anything is synthesized; each refusal names the fix. */
class AgentDirectoryTest {
    @TempDir
    Path project;

    private Path folder() throws Exception {
        Path folder = Files.createDirectories(project.resolve("src/main/openclaw"));
        Files.createDirectories(folder.resolve("workspace"));
        Files.writeString(folder.resolve("workspace/AGENTS.md"), "rules");
        return folder;
    }

    @Test
    void aMissingFolderIsNoAgentFolder() {
        assertThat(AgentDirectory.read(project.resolve("src/main/openclaw"))).isEmpty();
    }

    @Test
    void theFoldersFilesAndACanonicalOverlayAreRead() throws Exception {
        Path folder = folder();
        Files.createDirectories(folder.resolve("skills/a"));
        Files.writeString(folder.resolve("skills/a/SKILL.md"), "---\nname: a\n---\n");
        Files.writeString(folder.resolve("openclaw.json"), "{\"agents\":{\"defaults\":{\"userTimezone\":\"UTC\"}}}");

        AgentBundle bundle = AgentDirectory.read(folder).orElseThrow();

        assertThat(bundle.workspace()).containsOnlyKeys("AGENTS.md");
        assertThat(bundle.skills()).containsOnlyKeys("a/SKILL.md");
        assertThat(bundle.overlay()).contains("{\"agents\":{\"defaults\":{\"userTimezone\":\"UTC\"}}}");
        String hash = bundle.contentHash();
        Files.writeString(folder.resolve("workspace/AGENTS.md"), "rules!");
        assertThat(AgentDirectory.read(folder).orElseThrow().contentHash()).isNotEqualTo(hash);
    }

    @Test
    void aLinkIsRefused(@TempDir Path outside) throws Exception {
        Path folder = folder();
        Path secret = Files.writeString(outside.resolve("id_rsa"), "private");
        Files.createSymbolicLink(folder.resolve("workspace/key.md"), secret);

        assertThatThrownBy(() -> AgentDirectory.read(folder)).isInstanceOf(ConfigurationException.class)
                .hasMessage("the agent folder's workspace/key.md is a link; the folder must hold the files themselves (copy it in)");
    }

    @Test
    void anUnknownEntryIsRefusedNamingWhereThingsGo() throws Exception {
        Path folder = folder();
        Files.writeString(folder.resolve("AGENTS.md"), "in the wrong place");

        assertThatThrownBy(() -> AgentDirectory.read(folder)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("holds [AGENTS.md], which is not delivered: put instruction files in workspace/");
    }

    @Test
    void tooManyFilesAreRefused() throws Exception {
        Path folder = folder();
        for (int i = 0; i < AgentDirectory.MAX_FILES; i++) {
            Files.writeString(folder.resolve("workspace/note-" + i + ".md"), "n" + i);
        }

        assertThatThrownBy(() -> AgentDirectory.read(folder)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("holds 41 files; at most 40");
    }

    @Test
    void anOverlayThatIsNoObjectOrNoJsonIsRefused() throws Exception {
        Path folder = folder();
        Files.writeString(folder.resolve("openclaw.json"), "[1]");
        assertThatThrownBy(() -> AgentDirectory.read(folder)).hasMessage(
                "src/main/openclaw/openclaw.json must hold one JSON object, the part of openclaw.json to set");
        Files.writeString(folder.resolve("openclaw.json"), "{\"agents\": ");
        assertThatThrownBy(() -> AgentDirectory.read(folder)).hasMessageStartingWith(
                "src/main/openclaw/openclaw.json is not valid JSON");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedBySchema() throws Exception {
        Path folder = folder();
        Files.writeString(folder.resolve("openclaw.json"), "{\"agents\":{\"defaults\":{\"userTimezone\":42}}}");

        assertThatThrownBy(() -> AgentDirectory.read(folder)).hasMessageContaining("OpenClaw's configuration schema")
                .hasMessageContaining("userTimezone");
    }
}
