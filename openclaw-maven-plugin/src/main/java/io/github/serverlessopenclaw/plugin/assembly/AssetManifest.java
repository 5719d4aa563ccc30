package io.github.serverlessopenclaw.plugin.assembly;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One {@code *.assets.json}: the files and images some stacks need published before they deploy. */
public record AssetManifest(String id, List<FileAsset> files, List<ImageAsset> images) {

    public enum Packaging {
        FILE,
        ZIP_DIRECTORY
    }

    /** A file or a directory (zipped) to upload to each destination bucket under its content-hash key. */
    public record FileAsset(
            String id, String displayName, Path source, Packaging packaging, List<FileDestination> destinations) {}

    public record FileDestination(
            String bucketName, String objectKey, Optional<String> assumeRoleArn, Optional<String> region) {}

    /** A container image the stacks reference by repository and tag. */
    public record ImageAsset(String id, String displayName, List<ImageDestination> destinations) {}

    public record ImageDestination(
            String repositoryName, String imageTag, Optional<String> assumeRoleArn, Optional<String> region) {}
}
