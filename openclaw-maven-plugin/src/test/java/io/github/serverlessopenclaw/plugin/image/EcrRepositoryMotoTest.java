package io.github.serverlessopenclaw.plugin.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.MotoExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * ECR login and the "already pushed" path against moto_server. moto has no registry endpoint (no image
 * can be pushed to it), so an earlier push is stood in for by PutImage of a manifest under the tag.
 */
@ExtendWith(MotoExtension.class)
class EcrRepositoryMotoTest {
    private static final String TOOLKIT_REPOSITORY = "cdk-openclaw-container-assets-" + Moto.ACCOUNT + "-us-east-1";
    private static final String SKIP_REPOSITORY = "openclaw-images";

    private static AwsClients clients(Moto moto) {
        return new AwsClients(AwsSettings.of("us-east-1", null, moto.endpoint().toString()))
                .withCredentials(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)));
    }

    @Test
    void logsInThroughGetAuthorizationTokenAndFindsTheToolkitRepository(Moto moto) {
        try (EcrClient ecr = moto.client(EcrClient.builder())) {
            ecr.createRepository(b -> b.repositoryName(TOOLKIT_REPOSITORY).imageTagMutability("IMMUTABLE"));
        }
        try (EcrRepository repository = new EcrRepository(clients(moto), Optional.empty(), "openclaw")) {
            assertThat(repository.registryHost()).isEqualTo(Moto.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com");
            assertThat(repository.user()).isEqualTo("AWS");
            assertThat(repository.imageName())
                    .isEqualTo(Moto.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/" + TOOLKIT_REPOSITORY);
            assertThat(repository.existingDigest("c-nothing-here")).isEmpty();
        }
    }

    @Test
    void aMissingRepositoryNamesTheFix(Moto moto) {
        try (EcrRepository repository = new EcrRepository(clients(moto), Optional.of("not-there"), "openclaw")) {
            assertThatThrownBy(() -> repository.existingDigest("c-1"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("openclaw:bootstrap");
        }
    }

    @Test
    void publishSkipsBuildAndPushWhenEcrAlreadyHasTheContentTag(Moto moto, @TempDir Path work) throws Exception {
        ImagePublisher publisher = new ImagePublisher(Npm.onPath());
        // the default (unreachable here) base image and no Node download: the skip path needs neither
        ImagePublisher.Settings settings = new ImagePublisher.Settings(
                ImagePublisher.DEFAULT_BASE_IMAGE,
                Architecture.ARM64,
                NodeDistribution.pinnedVersion(),
                Optional.empty(),
                BridgeDistribution.of(ImageFixtures.bridgeJars(work), ImageFixtures.MAIN_CLASS),
                work.resolve("cache"));
        String tag = publisher.contentTag(settings);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":100,\"digest\":\"sha256:"
                + "c".repeat(64) + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":1234,\"digest\":\"sha256:"
                + "a".repeat(64) + "\"},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":5678,\"digest\":\"sha256:"
                + "b".repeat(64) + "\"}]}";
        String digest;
        try (EcrClient ecr = moto.client(EcrClient.builder())) {
            ecr.createRepository(b -> b.repositoryName(SKIP_REPOSITORY).imageTagMutability("IMMUTABLE"));
            digest = ecr.putImage(
                            b -> b.repositoryName(SKIP_REPOSITORY).imageTag(tag).imageManifest(manifest))
                    .image()
                    .imageId()
                    .imageDigest();
        }
        moto.control("/moto-api/recorder/reset-recording");

        PublishedImage image;
        try (EcrRepository repository = new EcrRepository(clients(moto), Optional.of(SKIP_REPOSITORY), "openclaw")) {
            image = publisher.publish(settings, repository, work.resolve("target"), DeployLog.to(line -> {}));
        }

        assertThat(image.pushed()).isFalse();
        assertThat(image.digest()).isEqualTo(digest);
        assertThat(image.reference())
                .isEqualTo(Moto.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/" + SKIP_REPOSITORY + "@" + digest);
        assertThat(image.layers())
                .extracting(PublishedImage.Layer::compressedBytes)
                .containsExactly(1234L, 5678L);
        assertThat(PublishedImage.read(work.resolve("target")).reference()).isEqualTo(image.reference());
        assertThat(moto.recordedRequests())
                .extracting(Moto.RecordedRequest::operation)
                .containsExactly("GetAuthorizationToken", "DescribeImages", "BatchGetImage");
        assertThat(work.resolve("cache/node")).doesNotExist(); // nothing was downloaded or installed
    }

    @Test
    void theAccountComesFromTheRegistryHost() {
        assertThat(List.of(EcrRepository.account("111122223333.dkr.ecr.eu-west-1.amazonaws.com")))
                .containsExactly("111122223333");
    }
}
