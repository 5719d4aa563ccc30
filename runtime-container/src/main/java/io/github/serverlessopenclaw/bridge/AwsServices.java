package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.SignedCall;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS clients of the bridge: region and credentials from the task (default chain), one small
 * URLConnection HTTP client. {@code AWS_ENDPOINT_URL} (emulators only) is honoured by the SDK itself and by
 * {@link SignedCall}; with it S3 uses path-style addressing.
 */
record AwsServices(
        DynamoDbClient dynamo,
        S3Client s3,
        PublicIpLookup publicIps,
        Function<URI, ApiGatewayManagementApiClient> managementApi) {

    static AwsServices fromEnvironment(Map<String, String> env) {
        boolean emulator = env.get(Env.AWS_ENDPOINT_URL) != null
                && !env.get(Env.AWS_ENDPOINT_URL).isBlank();
        return new AwsServices(
                DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                S3Client.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .forcePathStyle(emulator)
                        .build(),
                new PublicIpLookup(() -> signed(env, "EC2", "ec2")),
                callback -> ApiGatewayManagementApiClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .endpointOverride(callback)
                        .build());
    }

    /**
     * A service the bridge calls without its SDK (EC2, SSM: one call each), signed with the task's credentials and
     * region from the default chains, as the SDK's clients get them.
     */
    static SignedCall signed(Map<String, String> env, String serviceId, String endpointPrefix) {
        Region region = DefaultAwsRegionProviderChain.builder().build().getRegion();
        return new SignedCall(
                UrlConnectionHttpClient.create(),
                DefaultCredentialsProvider.builder().build(),
                region,
                endpointPrefix,
                SignedCall.endpoint(env, serviceId, endpointPrefix, region));
    }

    /** Reads an SSM SecureString (decrypted); used only when a secret comes as a parameter name. */
    static String ssmSecret(String parameterName) {
        return Ssm.SECRETS.apply(parameterName);
    }

    /** Built on the first secret read, once for all of them. */
    private static final class Ssm {
        static final SsmSecrets SECRETS = new SsmSecrets(signed(System.getenv(), "SSM", "ssm"));
    }
}
