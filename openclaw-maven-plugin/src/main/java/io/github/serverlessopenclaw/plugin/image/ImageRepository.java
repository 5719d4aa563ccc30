package io.github.serverlessopenclaw.plugin.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.RegistryImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the image goes: ECR, or any registry that speaks the Docker registry API. */
public interface ImageRepository {

    /** {@code host[:port]/repository}, without tag or digest. */
    String imageName();

    /** The digest of the image tagged {@code tag}, when the repository has it. */
    Optional<String> existingDigest(String tag);

    /** The compressed layer blobs of the image tagged {@code tag}, bottom to top. */
    List<Blob> layers(String tag);

    /** Jib's target for {@code tag}, with credentials. */
    RegistryImage target(String tag);

    /** Whether Jib may fall back to plain HTTP or unverified TLS. */
    boolean insecure();

    record Blob(String digest, long size) {
        private static final ObjectMapper JSON = new ObjectMapper();

        /** The layers of a Docker v2 or OCI manifest; empty when it is not readable (sizes are informative). */
        static List<Blob> layersOf(String manifestJson) {
            List<Blob> blobs = new ArrayList<>();
            try {
                for (JsonNode layer : JSON.readTree(manifestJson).path("layers")) {
                    blobs.add(new Blob(
                            layer.path("digest").asText(), layer.path("size").asLong()));
                }
            } catch (IOException e) {
                return List.of();
            }
            return blobs;
        }
    }
}
