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
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS clients of the bridge: region and credentials from the task (default chain), one small
 * URLConnection HTTP client. {@code AWS_ENDPOINT_URL} (emulators only) is honoured by the SDK itself;
 * with it S3 uses path-style addressing.
 */
record AwsServices(DynamoDbClient dynamo, S3Client s3, PublicIpLookup publicIps,
                   Function<URI, ApiGatewayManagementApiClient> managementApi) {

    static AwsServices fromEnvironment(Map<String, String> env) {
        boolean emulator = env.get(Env.AWS_ENDPOINT_URL) != null && !env.get(Env.AWS_ENDPOINT_URL).isBlank();
        return new AwsServices(
                DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(emulator).build(),
                new PublicIpLookup(() -> ec2(env)),
                callback -> ApiGatewayManagementApiClient.builder().httpClient(UrlConnectionHttpClient.create())
                        .endpointOverride(callback).build());
    }

    /** EC2's Query API, signed with the task's credentials (the default chain, as the SDK's clients use). */
    static SignedCall ec2(Map<String, String> env) {
        Region region = DefaultAwsRegionProviderChain.builder().build().getRegion();
        return new SignedCall(UrlConnectionHttpClient.create(), DefaultCredentialsProvider.builder().build(), region, "ec2",
                SignedCall.endpoint(env, "EC2", "ec2", region));
    }

    /** Reads an SSM SecureString (decrypted); used only when a secret comes as a parameter name. */
    static String ssmSecret(String parameterName) {
        try (SsmClient ssm = SsmClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            return ssm.getParameter(b -> b.name(parameterName).withDecryption(true)).parameter().value();
        }
    }
}
