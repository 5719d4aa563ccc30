package io.github.serverlessopenclaw.plugin.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's runtime configuration ({@code /config.json}), written from the deployed stack outputs so
 * one build serves every deployment. Field names are the ones web/src/config.ts reads.
 */
public final class SiteConfig {
    public static final String KEY = "config.json";
    public static final String INDEX = "index.html";

    private SiteConfig() {}

    /** The file's bytes; the same outputs always give the same bytes (so an unchanged file is skipped). */
    public static WebFile from(DeployedOutputs outputs, Optional<String> telegramBotName) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("cognitoUserPoolId", outputs.require(OutputKey.UserPoolId));
        config.put("cognitoClientId", outputs.require(OutputKey.UserPoolClientId));
        config.put("webSocketUrl", outputs.require(OutputKey.WebSocketApiEndpoint));
        config.put("apiUrl", stripTrailingSlash(outputs.require(OutputKey.HttpApiEndpoint)));
        telegramBotName
                .map(name -> name.startsWith("@") ? name.substring(1) : name)
                .filter(name -> !name.isBlank())
                .ifPresent(name -> config.put("telegramBotName", name));
        try {
            String json = new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(config) + "\n";
            return new WebFile(KEY, json.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
