package io.github.serverlessopenclaw.plugin.assembly;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code aws:cloudformation:stack} artifact of a cloud assembly: what to deploy and how.
 *
 * @param id artifact id, unique in the whole assembly (nested assemblies prefix it with their directory)
 * @param environment {@code aws://account/region}; "unknown-account"/"unknown-region" mean the caller's
 * @param dependencies ids of the stacks that must be deployed first
 * @param assetManifests ids of the asset manifests whose assets this stack uses
 */
public record StackArtifact(
        String id,
        String displayName,
        String stackName,
        Path templateFile,
        String environment,
        Optional<String> assumeRoleArn,
        Optional<String> executionRoleArn,
        Optional<String> templateAssetObjectUrl,
        Optional<Integer> requiresBootstrapStackVersion,
        Optional<String> bootstrapStackVersionSsmParameter,
        Map<String, String> tags,
        Map<String, String> parameters,
        boolean terminationProtection,
        List<String> notificationArns,
        List<String> dependencies,
        List<String> assetManifests) {

    /** The account this stack names, if it names one. */
    public Optional<String> account() {
        String account = environmentPart(0);
        return account.isEmpty() || account.startsWith("unknown-") ? Optional.empty() : Optional.of(account);
    }

    /** The region this stack names, if it names one. */
    public Optional<String> region() {
        String region = environmentPart(1);
        return region.isEmpty() || region.startsWith("unknown-") ? Optional.empty() : Optional.of(region);
    }

    private String environmentPart(int index) {
        String prefix = "aws://";
        if (environment == null || !environment.startsWith(prefix)) {
            return "";
        }
        String[] parts = environment.substring(prefix.length()).split("/", 2);
        return parts.length > index ? parts[index] : "";
    }
}
