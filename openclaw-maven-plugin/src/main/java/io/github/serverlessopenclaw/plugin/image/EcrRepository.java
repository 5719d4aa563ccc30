package io.github.serverlessopenclaw.plugin.image;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryImage;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * An ECR repository. Credentials come from {@code GetAuthorizationToken} through the SDK (no Docker
 * credential helper, no AWS CLI); the registry host and account from the token's proxy endpoint.
 */
public final class EcrRepository implements ImageRepository, AutoCloseable {
    private final EcrClient ecr;
    private final String registryHost;
    private final String repository;
    private final String user;
    private final String password;

    /**
     * @param repository the repository name; empty for the bootstrap toolkit's image repository
     *                   ({@link Bootstrapper#containerAssetsRepository})
     */
    public EcrRepository(AwsClients clients, Optional<String> repository, String qualifier) {
        this.ecr = clients.create(EcrClient.builder());
        AuthorizationData auth = ecr.getAuthorizationToken(b -> {}).authorizationData().stream()
                .findFirst()
                .orElseThrow(() -> new ImageException("ECR GetAuthorizationToken returned no authorization data"));
        this.registryHost = URI.create(auth.proxyEndpoint()).getHost();
        String decoded = new String(Base64.getDecoder().decode(auth.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        this.user = decoded.substring(0, colon);
        this.password = decoded.substring(colon + 1);
        this.repository = repository.orElseGet(() -> Bootstrapper.containerAssetsRepository(
                qualifier, account(registryHost), clients.region().id()));
    }

    /** {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com} → {@code 123456789012}. */
    static String account(String registryHost) {
        return registryHost.substring(0, registryHost.indexOf('.'));
    }

    public String registryHost() {
        return registryHost;
    }

    public String repository() {
        return repository;
    }

    /** The user name of the registry login (always {@code AWS}); the password is never exposed. */
    public String user() {
        return user;
    }

    @Override
    public String imageName() {
        return registryHost + "/" + repository;
    }

    @Override
    public Optional<String> existingDigest(String tag) {
        try {
            DescribeImagesResponse response = ecr.describeImages(b -> b.repositoryName(repository)
                    .imageIds(ImageIdentifier.builder().imageTag(tag).build()));
            return response.imageDetails().stream().findFirst().map(detail -> detail.imageDigest());
        } catch (ImageNotFoundException e) {
            return Optional.empty();
        } catch (RepositoryNotFoundException e) {
            throw new ConfigurationException("ECR repository '" + repository + "' does not exist: run" + " "
                    + Goals.command(Goals.BOOTSTRAP) + " first, or set "
                    + PropertyNames.flag(PropertyNames.IMAGE_REPOSITORY) + " to an existing repository");
        }
    }

    @Override
    public List<Blob> layers(String tag) {
        BatchGetImageResponse response = ecr.batchGetImage(b -> b.repositoryName(repository)
                .imageIds(ImageIdentifier.builder().imageTag(tag).build())
                .acceptedMediaTypes(PlainRegistry.MANIFEST_ACCEPT.split(", ")));
        return response.images().stream()
                .findFirst()
                .map(image -> Blob.layersOf(image.imageManifest()))
                .orElse(List.of());
    }

    @Override
    public RegistryImage target(String tag) {
        try {
            return RegistryImage.named(imageName() + ":" + tag).addCredential(user, password);
        } catch (InvalidImageReferenceException e) {
            throw new ConfigurationException(
                    "'" + imageName() + ":" + tag + "' is not a valid image reference: " + e.getMessage());
        }
    }

    @Override
    public boolean insecure() {
        return false;
    }

    @Override
    public void close() {
        ecr.close();
    }
}
