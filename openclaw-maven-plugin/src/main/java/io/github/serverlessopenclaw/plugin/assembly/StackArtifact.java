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

    /**
     * A stack outside any assembly (the toolkit, or a stack known only by name): caller's account and
     * region, caller's credentials, no assets, no dependencies.
     */
    public static StackArtifact standalone(String stackName, Path templateFile, Map<String, String> parameters) {
        return new StackArtifact(
                stackName,
                stackName,
                stackName,
                templateFile,
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                parameters,
                false,
                List.of(),
                List.of(),
                List.of());
    }

    /** The same stack with these stack tags. */
    public StackArtifact withTags(Map<String, String> stackTags) {
        return new StackArtifact(
                id,
                stackName,
                displayName,
                templateFile,
                environment,
                assumeRoleArn,
                executionRoleArn,
                templateAssetObjectUrl,
                requiresBootstrapStackVersion,
                bootstrapStackVersionSsmParameter,
                Map.copyOf(stackTags),
                parameters,
                terminationProtection,
                notificationArns,
                dependencies,
                assetManifests);
    }

    /** True when the user's selection names this stack by stack name, artifact id or display name. */
    public boolean isNamedBy(String name) {
        return stackName.equals(name) || id.equals(name) || displayName.equals(name);
    }

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
