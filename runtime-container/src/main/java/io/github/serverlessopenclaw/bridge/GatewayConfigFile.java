package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes {@code openclaw.json} at every boot (the gateway may rewrite it, so the bridge never patches an old
 * one): local mode on loopback with token auth (the token itself comes through the environment), and the
 * model, with a custom provider when a base URL is configured.
 */
final class GatewayConfigFile {
    /**
     * Bundled plugins OpenClaw loads by default that a container never serves (no paired devices or desktop, no
     * browser, no voice), written as {@code plugins.deny}: each costs start-up time, and the image leaves out what
     * some of them need (runtime-container/openclaw/prune.txt). Model providers stay: the configured model picks one.
     */
    static final List<String> DISABLED_PLUGINS = List.of(
            "browser",
            "canvas",
            "cua-computer",
            "device-pair",
            "file-transfer",
            "geolocation",
            "github",
            "linux-node",
            "talk-voice");

    private GatewayConfigFile() {}

    static ObjectNode render(GatewaySettings settings) {
        ObjectNode root = Json.object();
        // a container never updates itself (the image is the version); the check spawns git and npm on its one core
        root.putObject("update").put("checkOnStart", false);
        ObjectNode gateway = root.putObject("gateway");
        gateway.put("mode", "local").put("port", settings.port()).put("bind", "loopback");
        gateway.putObject("auth").put("mode", "token");
        gateway.putObject("controlUi").put("enabled", false); // nobody opens it; the image does not ship it
        ArrayNode deny = root.putObject("plugins").putArray("deny");
        DISABLED_PLUGINS.forEach(deny::add);
        ObjectNode models = root.putObject("models");
        // the refresh downloads the hosted model catalog into the state database, where only a gateway restart
        // applies it; the state folder dies with the container, so the download (on the first turn's core) is lost
        models.putObject("catalogRefresh").put("enabled", false);
        String model = settings.model();
        if (settings.modelBaseUrl() != null) {
            String modelId =
                    model == null ? "default" : model.contains("/") ? model.substring(model.indexOf('/') + 1) : model;
            ObjectNode provider = models.putObject("providers").putObject(AgentFolder.CUSTOM_PROVIDER);
            provider.put("baseUrl", settings.modelBaseUrl())
                    .put("api", settings.modelApi() == null ? "openai-completions" : settings.modelApi());
            if (settings.modelApiKey() != null) {
                provider.put("apiKey", settings.modelApiKey());
            }
            provider.putArray("models").addObject().put("id", modelId).put("name", modelId);
            model = AgentFolder.CUSTOM_PROVIDER + "/" + modelId;
        }
        ObjectNode defaults = root.putObject("agents").putObject("defaults");
        defaults.put("workspace", settings.workspace().toString()); // outside the state folder: see workspace()
        if (model != null) {
            defaults.putObject("model").put("primary", model);
        }
        return root;
    }

    static void write(GatewaySettings settings) {
        write(settings, ProjectAgent.NONE);
    }

    /** With the project's overlay and fallback models ({@link ProjectAgent#customize}). */
    static void write(GatewaySettings settings, ProjectAgent agent) {
        try {
            Files.createDirectories(settings.stateDir());
            Files.createDirectories(settings.workspace()); // not in the state folder: nothing but the config is
            Files.writeString(settings.configFile(), Json.writePretty(agent.customize(render(settings))));
            // it may hold a provider key: readable by the gateway's user only (and root)
            Files.setPosixFilePermissions(settings.configFile(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OpenClaw config " + settings.configFile(), e);
        }
    }
}
