package io.github.serverlessopenclaw.plugin.aws;

import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;

/**
 * The one way the plugin builds AWS clients: region, profile or the default credential chain
 * (environment, SSO, web identity, instance roles), the endpoint override for every service, and
 * adaptive retries. Services take this, never their own builders.
 */
public final class AwsClients {
    private final AwsSettings settings;
    private final AwsCredentialsProvider credentials;
    private final Region region;

    public AwsClients(AwsSettings settings) {
        this(
                settings,
                settings.profile()
                        .<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
                        .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
    }

    private AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.credentials = credentials;
        this.region = resolveRegion(settings);
    }

    /** The same settings with other credentials (an assumed role). */
    public AwsClients withCredentials(AwsCredentialsProvider other) {
        return new AwsClients(settings, other);
    }

    private static Region resolveRegion(AwsSettings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        try {
            Region found = settings.profile().isPresent()
                    ? DefaultAwsRegionProviderChain.builder()
                            .profileName(settings.profile().get())
                            .build()
                            .getRegion()
                    : new DefaultAwsRegionProviderChain().getRegion();
            return Region.of(AwsSettings.checkRegion(found.id(), "the region of the AWS profile"));
        } catch (SdkClientException e) {
            throw new ConfigurationException("No AWS region is set: add <region> to the plugin configuration,"
                    + " pass " + PropertyNames.flag(PropertyNames.REGION) + "=us-east-1, or set "
                    + AwsSettings.AWS_REGION);
        }
    }

    public Region region() {
        return region;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public AwsSettings settings() {
        return settings;
    }

    /** Configures and builds a client: {@code clients.create(StsClient.builder())}. */
    public <B extends AwsClientBuilder<B, C>, C> C create(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.ADAPTIVE_V2)
                        .build());
        settings.endpoint().ifPresent(endpoint -> {
            builder.endpointOverride(endpoint);
            if (builder instanceof S3BaseClientBuilder<?, ?> s3) {
                s3.forcePathStyle(true); // emulators serve buckets by path, not by virtual host
            }
        });
        return builder.build();
    }
}
