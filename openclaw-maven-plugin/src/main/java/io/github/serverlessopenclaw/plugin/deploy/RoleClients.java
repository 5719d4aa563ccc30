package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * AWS clients for the roles the cloud assembly names (deploy role for CloudFormation, publishing roles
 * for assets), assumed with STS from the caller's credentials and cached per role and region, so a run
 * with every stack assumes each role once. An empty role means the caller's own credentials.
 */
public final class RoleClients implements AutoCloseable {
    private static final String SESSION_NAME = "openclaw-maven-plugin";

    private final AwsClients base;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();
    private final Map<String, AwsClients> roleSettings = new ConcurrentHashMap<>();

    public RoleClients(AwsClients base) {
        this.base = base;
    }

    public AwsClients base() {
        return base;
    }

    /** The region the caller configured. */
    public String defaultRegion() {
        return base.region().id();
    }

    public CloudFormationClient cloudFormation(Optional<String> role, String region) {
        return client(CloudFormationClient.class, role, region, c -> c.create(CloudFormationClient.builder()));
    }

    public S3Client s3(Optional<String> role, String region) {
        return client(S3Client.class, role, region, c -> c.create(S3Client.builder()));
    }

    public SsmClient ssm(Optional<String> role, String region) {
        return client(SsmClient.class, role, region, c -> c.create(SsmClient.builder()));
    }

    public EcrClient ecr(Optional<String> role, String region) {
        return client(EcrClient.class, role, region, c -> c.create(EcrClient.builder()));
    }

    public StsClient sts() {
        return client(StsClient.class, Optional.empty(), defaultRegion(), c -> c.create(StsClient.builder()));
    }

    @SuppressWarnings("unchecked")
    private <C> C client(Class<C> type, Optional<String> role, String region, Function<AwsClients, C> factory) {
        String key = type.getSimpleName() + "|" + role.orElse("") + "|" + region;
        return (C) clients.computeIfAbsent(key, k -> factory.apply(settingsFor(role, region)));
    }

    private AwsClients settingsFor(Optional<String> role, String region) {
        return roleSettings.computeIfAbsent(role.orElse("") + "|" + region, k -> {
            AwsClients regional = region.equals(defaultRegion())
                    ? base
                    : new AwsClients(new AwsSettings(
                                    Optional.of(region),
                                    base.settings().profile(),
                                    base.settings().endpoint()))
                            .withCredentials(base.credentials());
            if (role.isEmpty()) {
                return regional;
            }
            StsClient sts = regional.create(StsClient.builder());
            StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(r -> r.roleArn(role.get()).roleSessionName(SESSION_NAME))
                    .build();
            return regional.withCredentials(provider);
        });
    }

    @Override
    public void close() {
        for (Object client : clients.values()) {
            if (client instanceof SdkClient sdk) {
                sdk.close();
            }
        }
        clients.clear();
    }
}
