package io.github.serverlessopenclaw.plugin.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "the agent folder's workspace/key.md is a link; the folder must hold the files themselves (copy it in)");
    }

    @Test
    void anUnknownEntryIsRefusedNamingWhereThingsGo() throws Exception {
        Path folder = folder();
        Files.writeString(folder.resolve("AGENTS.md"), "in the wrong place");

        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("holds [AGENTS.md], which is not delivered: put instruction files in workspace/");
    }

    @Test
    void tooManyFilesAreRefused() throws Exception {
        Path folder = folder();
        for (int i = 0; i < AgentDirectory.MAX_FILES; i++) {
            Files.writeString(folder.resolve("workspace/note-" + i + ".md"), "n" + i);
        }

        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("holds 41 files; at most 40");
    }

    @Test
    void anOverlayThatIsNoObjectOrNoJsonIsRefused() throws Exception {
        Path folder = folder();
        Files.writeString(folder.resolve("openclaw.json"), "[1]");
        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .hasMessage(
                        "src/main/openclaw/openclaw.json must hold one JSON object, the part of openclaw.json to set");
        Files.writeString(folder.resolve("openclaw.json"), "{\"agents\": ");
        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .hasMessageStartingWith("src/main/openclaw/openclaw.json is not valid JSON");
    }

    @Test
    void everyKeyTheBridgeOwnsIsRefusedInTheOverlayNamingIt() throws Exception {
        Path folder = folder();
        for (AgentFolder.OwnedKey owned : AgentFolder.OWNED_KEYS) {
            String json = "true";
            String[] segments = owned.path().split("\\.");
            for (int i = segments.length - 1; i >= 0; i--) {
                json = "{\"" + segments[i] + "\":" + json + "}";
            }
            Files.writeString(folder.resolve("openclaw.json"), json);

            assertThatThrownBy(() -> AgentDirectory.read(folder))
                    .as(owned.path())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(owned.refusal("openclaw.json").substring("openclaw.json".length()));
        }
        assertThat(AgentFolder.OWNED_KEYS)
                .extracting(AgentFolder.OwnedKey::path)
                .contains("update.checkOnStart", "models.catalogRefresh");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedBySchema() throws Exception {
        Path folder = folder();
        Files.writeString(folder.resolve("openclaw.json"), "{\"agents\":{\"defaults\":{\"userTimezone\":42}}}");

        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .hasMessageContaining("OpenClaw's configuration schema")
                .hasMessageContaining("userTimezone");
    }

    private static final String WEBHOOK_ROUTE =
            "{\"plugins\":{\"entries\":{\"webhooks\":{\"config\":{\"routes\":{\"r1\":%s}}}}}}";

    @Test
    void anOverlayWrongOnlyInsideAReferencedSubtreeFailsNamingTheKeyPath() throws Exception {
        // routes.* is {"$ref": "#/$defs/route"}, written against the webhooks plugin's own schema, not the root
        Path folder = folder();
        Files.writeString(
                folder.resolve("openclaw.json"),
                WEBHOOK_ROUTE.formatted("{\"sessionKey\":\"main\",\"secret\":\"s\",\"enabled\":\"yes\"}"));
        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "src/main/openclaw/openclaw.json does not match OpenClaw's configuration schema")
                .hasMessageContaining(
                        "/plugins/entries/webhooks/config/routes/r1/enabled: string found, boolean expected");

        // two references deep: route.secret → secretInput → secretRef
        Files.writeString(
                folder.resolve("openclaw.json"),
                WEBHOOK_ROUTE.formatted(
                        "{\"sessionKey\":\"main\",\"secret\":{\"source\":\"vault\",\"provider\":\"default\",\"id\":\"HOOK\"}}"));
        assertThatThrownBy(() -> AgentDirectory.read(folder))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "/plugins/entries/webhooks/config/routes/r1/secret/source: does not have a value in the enumeration");
    }

    @Test
    void aRightOverlayThroughReferencedSubtreesPasses() throws Exception {
        Path folder = folder();
        Files.writeString(
                folder.resolve("openclaw.json"),
                "{\"plugins\":{\"entries\":{"
                        + "\"webhooks\":{\"config\":{\"routes\":{\"r1\":{\"sessionKey\":\"main\","
                        + "\"secret\":{\"source\":\"env\",\"provider\":\"default\",\"id\":\"HOOK\"}}}}},"
                        + "\"imap\":{\"config\":{\"accounts\":{\"work\":{\"host\":\"imap.example.com\",\"user\":\"me\","
                        + "\"password\":\"app-password\",\"agentId\":\"main\",\"watch\":{\"mode\":\"idle\"}}}}}}}}");

        assertThat(AgentDirectory.read(folder).orElseThrow().overlay().orElseThrow())
                .contains("imap.example.com");
    }

    @Test
    void everyReferenceInTheBundledSchemaResolvesInsideIt() {
        JsonNode document = AgentDirectory.schemaDocument();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references)
                .isNotEmpty()
                .allSatisfy(ref -> assertThat(ref)
                        .startsWith("#/")
                        .satisfies(r -> assertThat(document.at(r.substring(1)).isObject())
                                .as(r)
                                .isTrue()));
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        node.properties().forEach(p -> {
            if (p.getKey().equals("$ref") && p.getValue().isTextual()) {
                references.add(p.getValue().asText());
            }
        });
        node.elements().forEachRemaining(child -> collectReferences(child, references));
    }
}
