package io.github.serverlessopenclaw.plugin.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads images back over the registry HTTP API, independently of Jib (the image tests and the invoker ITs). */
public final class RegistryReader {
    private final String address;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public RegistryReader(String address) {
        this.address = address;
    }

    public record Manifest(String contentType, String digest, JsonNode body) {}

    public Manifest manifest(String repository, String reference) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://" + address + "/v2/" + repository + "/manifests/" + reference))
                        .header("Accept", PlainRegistry.MANIFEST_ACCEPT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("manifest " + repository + ":" + reference + " → " + response.statusCode());
        }
        return new Manifest(
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Docker-Content-Digest").orElse(""),
                json.readTree(response.body()));
    }

    public byte[] blob(String repository, String digest) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/v2/" + repository + "/blobs/" + digest))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("blob " + digest + " → " + response.statusCode());
        }
        return response.body();
    }

    public JsonNode config(String repository, Manifest manifest) throws Exception {
        return json.readTree(
                blob(repository, manifest.body().path("config").path("digest").asText()));
    }

    /** Path (without leading slash) → tar entry, of one gzipped layer. */
    public static Map<String, TarArchiveEntry> entries(byte[] gzippedLayer) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzippedLayer)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.put(entry.getName().replaceAll("^/|/$", ""), entry);
            }
        }
        return entries;
    }
}
