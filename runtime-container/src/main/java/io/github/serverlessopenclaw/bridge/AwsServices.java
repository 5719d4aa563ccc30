package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Env;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS clients of the bridge: region and credentials from the task (default chain), one small
 * URLConnection HTTP client. {@code AWS_ENDPOINT_URL} (emulators only) is honoured by the SDK itself;
 * with it S3 uses path-style addressing.
 */
record AwsServices(DynamoDbClient dynamo, S3Client s3, Ec2Client ec2,
                   Function<URI, ApiGatewayManagementApiClient> managementApi) {

    static AwsServices fromEnvironment(Map<String, String> env) {
        boolean emulator = env.get(Env.AWS_ENDPOINT_URL) != null && !env.get(Env.AWS_ENDPOINT_URL).isBlank();
        return new AwsServices(
                DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(emulator).build(),
                Ec2Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                callback -> ApiGatewayManagementApiClient.builder().httpClient(UrlConnectionHttpClient.create())
                        .endpointOverride(callback).build());
    }

    /** Reads an SSM SecureString (decrypted); used only when a secret comes as a parameter name. */
    static String ssmSecret(String parameterName) {
        try (SsmClient ssm = SsmClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            return ssm.getParameter(b -> b.name(parameterName).withDecryption(true)).parameter().value();
        }
    }
}
