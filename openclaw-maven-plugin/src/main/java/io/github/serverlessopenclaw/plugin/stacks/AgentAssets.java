package io.github.serverlessopenclaw.plugin.stacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.plugin.agent.AgentBundle;
import io.github.serverlessopenclaw.plugin.image.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The agent folder as file assets of the Compute stack: each file its own asset under its content hash (the deploy's
 * asset step uploads only what the staging bucket lacks, so a one-line change uploads one file and an unchanged
 * folder nothing), plus a manifest asset naming them ({@link AgentFolder}). The task definition names the manifest,
 * so a changed folder is a new task definition revision and the deploy's containers step stops the containers still
 * running the old one, as for a new image.
 */
final class AgentAssets {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code s3://<bucket>/<manifest key>} (with tokens), and every object the bridge reads, as keys in that bucket. */
    record Delivered(String manifestUri, String bucketName, List<String> objectKeys) {}

    private AgentAssets() {}

    static Delivered add(Construct scope, AgentBundle bundle) {
        Map<String, String> keysByHash = new LinkedHashMap<>();
        List<Asset> assets = new ArrayList<>();
        ObjectNode manifest = JSON.createObjectNode();
        for (String section : List.of(AgentFolder.WORKSPACE, AgentFolder.SKILLS)) {
            ObjectNode entries = manifest.putObject(section);
            SortedMap<String, Path> files = bundle.sections().get(section);
            for (Map.Entry<String, Path> file : files.entrySet()) {
                String hash = Hashes.sha256Hex(file.getValue());
                String key = keysByHash.computeIfAbsent(hash, h -> {
                    Asset asset = asset(scope, "Agent-" + h.substring(0, 16), file.getValue(), h);
                    assets.add(asset);
                    return asset.getS3ObjectKey();
                });
                entries.put(file.getKey(), key);
            }
        }
        bundle.overlay().ifPresent(overlay -> {
            try {
                manifest.set("overlay", JSON.readTree(overlay));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] manifestBytes;
        Path manifestFile;
        try {
            manifestBytes = JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8);
            manifestFile = Files.createTempDirectory("openclaw-agent").resolve("agent-manifest.json");
            Files.write(manifestFile, manifestBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent folder's manifest", e);
        }
        Asset manifestAsset = asset(scope, "AgentManifest", manifestFile, Hashes.sha256Hex(manifestBytes));
        List<String> keys = new ArrayList<>(keysByHash.values());
        keys.add(manifestAsset.getS3ObjectKey());
        return new Delivered(
                Fn.join("", List.of("s3://", manifestAsset.getS3BucketName(), "/", manifestAsset.getS3ObjectKey())),
                manifestAsset.getS3BucketName(),
                keys);
    }

    private static Asset asset(Construct scope, String id, Path file, String sha256) {
        return Asset.Builder.create(scope, id)
                .path(file.toString())
                .assetHash(sha256)
                .assetHashType(AssetHashType.CUSTOM)
                .build();
    }

    static String arn(Stack stack, String bucketName, String key) {
        return Fn.join("", List.of("arn:", stack.getPartition(), ":s3:::", bucketName, "/", key));
    }
}
