package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.AgentFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project owns its workspace files: changed → replaced, removed → removed, the agent's own files never touched. */
class ProjectWorkspaceTest {
    private static final GatewayUser SAME = GatewayUser.same("a test");

    @TempDir
    Path workspace;

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aChangedFileIsReplacedARemovedOneRemovedAndTheAgentsOwnFilesAreNeverTouched() throws Exception {
        ProjectWorkspace.apply(
                workspace,
                Map.of("AGENTS.md", text("v1"), "TOOLS.md", text("tools"), "notes/style.md", text("style")),
                SAME);
        Files.writeString(workspace.resolve("MEMORY.md"), "the agent's own");
        Files.writeString(workspace.resolve("USER.md"), "the user's own");

        ProjectWorkspace.Result second = ProjectWorkspace.apply(
                workspace, Map.of("AGENTS.md", text("v2"), "notes/style.md", text("style")), SAME);

        assertThat(second).isEqualTo(new ProjectWorkspace.Result(1, 1, 1));
        assertThat(workspace.resolve("AGENTS.md")).hasContent("v2");
        assertThat(workspace.resolve("TOOLS.md")).doesNotExist();
        assertThat(workspace.resolve("MEMORY.md")).hasContent("the agent's own");
        assertThat(workspace.resolve("USER.md")).hasContent("the user's own");
        assertThat(workspace.resolve(AgentFolder.WORKSPACE_MANIFEST))
                .content()
                .contains("AGENTS.md")
                .doesNotContain("TOOLS.md");
    }

    @Test
    void aFileTheAgentEditedIsReplacedByTheProjectsVersion() throws Exception {
        ProjectWorkspace.apply(workspace, Map.of("AGENTS.md", text("project")), SAME);
        Files.writeString(workspace.resolve("AGENTS.md"), "edited by the agent");

        ProjectWorkspace.apply(workspace, Map.of("AGENTS.md", text("project")), SAME);

        assertThat(workspace.resolve("AGENTS.md")).hasContent("project");
    }

    @Test
    void withoutAnAgentFolderTheWorkspaceIsLeftAsItIs() throws Exception {
        Files.writeString(workspace.resolve("AGENTS.md"), "the user's");

        assertThat(ProjectWorkspace.apply(workspace, Map.of(), SAME)).isEqualTo(new ProjectWorkspace.Result(0, 0, 0));

        assertThat(workspace.resolve("AGENTS.md")).hasContent("the user's");
        assertThat(workspace.resolve(AgentFolder.WORKSPACE_MANIFEST)).doesNotExist();
    }

    @Test
    void attackAManifestOrALinkNeverReachesOutsideTheWorkspace(@TempDir Path outside) throws Exception {
        Path precious = Files.writeString(outside.resolve("precious.txt"), "keep");
        Files.createSymbolicLink(workspace.resolve("notes"), outside);
        Files.writeString(
                workspace.resolve(AgentFolder.WORKSPACE_MANIFEST),
                "[\"../" + outside.getFileName() + "/precious.txt\", \"notes/precious.txt\"]");

        ProjectWorkspace.apply(workspace, Map.of("notes/precious.txt", text("overwritten")), SAME);

        assertThat(precious).hasContent("keep");
    }
}
