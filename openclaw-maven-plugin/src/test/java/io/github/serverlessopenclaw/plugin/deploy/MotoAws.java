package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.testing.Moto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The plugin's own client factory pointed at the shared moto server, and fixture helpers. */
final class MotoAws {
    private MotoAws() {}

    static AwsClients clients(Moto moto) {
        return new AwsClients(
                        AwsSettings.of(Moto.REGION.id(), null, moto.endpoint().toString()))
                .withCredentials(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)));
    }

    /** The committed, really synthesized three-stack assembly (see src/test/resources/fixture-app). */
    static Path fixtureAssembly() {
        return Path.of("src/test/resources/fixture-assembly").toAbsolutePath();
    }

    /** A writable copy of the fixture assembly, so a test can change a template. */
    static Path copyOfFixture(Path target) {
        try {
            Path source = fixtureAssembly();
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path path : walk.toList()) {
                    Path to = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(path, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CloudFormation requests moto recorded since the last recording reset. */
    static List<Moto.RecordedRequest> cloudFormationCalls(Moto moto) {
        return moto.recordedRequests().stream()
                .filter(r -> r.service().equals("cloudformation"))
                .toList();
    }

    /** Requests that change state; STS AssumeRole only fetches credentials for the manifest's roles. */
    static List<Moto.RecordedRequest> writes(Moto moto) {
        return moto.recordedRequests().stream()
                .filter(Moto.RecordedRequest::isWrite)
                .filter(r -> !r.operation().equals("AssumeRole"))
                .toList();
    }

    static void resetRecording(Moto moto) {
        moto.control("/moto-api/recorder/reset-recording");
    }
}
