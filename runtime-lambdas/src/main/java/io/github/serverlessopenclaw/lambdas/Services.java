package io.github.serverlessopenclaw.lambdas;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Everything a handler talks to. Production builds it once per Lambda instance, in static init (so
 * SnapStart snapshots it); tests build it against moto and local stub servers.
 */
public record Services(LambdaEnv env, DynamoDbClient dynamo, EcsClient ecs, SsmClient ssm,
                       Function<URI, ApiGatewayManagementApiClient> managementApi, Clock clock) {

    /** The instance for this Lambda container, created on first use (during the init phase). */
    public static Services production() {
        return Production.INSTANCE;
    }

    private static final class Production {
        static final Services INSTANCE = prime(create());

        /**
         * Runs the request path once during init (JSON, signing, HTTP client, DynamoDB marshalling) so its
         * classes are loaded before the first event and, with SnapStart, captured in the snapshot.
         * Best effort: a failure here only means the first event pays the cost.
         */
        private static Services prime(Services services) {
            try {
                Json.write(Json.parse("{\"requestContext\":{\"connectionId\":\"prime\"},\"body\":\"{}\"}").orElseThrow());
                String table = services.env().get(io.github.serverlessopenclaw.common.Table.CONNECTIONS.envVar());
                if (!table.isEmpty()) {
                    services.dynamo().getItem(b -> b.tableName(table).key(Items.key("PRIME#init")));
                }
            } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                // an answer, even a refusal (most roles may not read Connections), ran the whole request path
            } catch (RuntimeException e) {
                Log.warn("priming failed: " + e.getMessage());
            }
            return services;
        }

        private static Services create() {
            UrlConnectionHttpClient http = (UrlConnectionHttpClient) UrlConnectionHttpClient.builder().build();
            var region = DefaultAwsRegionProviderChain.builder().build().getRegion();
            var credentials = DefaultCredentialsProvider.builder().build();
            Map<URI, ApiGatewayManagementApiClient> managementClients = new ConcurrentHashMap<>();
            return new Services(LambdaEnv.system(),
                    configure(DynamoDbClient.builder(), http, region, credentials),
                    configure(EcsClient.builder(), http, region, credentials),
                    configure(SsmClient.builder(), http, region, credentials),
                    endpoint -> managementClients.computeIfAbsent(endpoint, e -> configure(
                            ApiGatewayManagementApiClient.builder().endpointOverride(e), http, region, credentials)),
                    Clock.systemUTC());
        }

        private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(
                B builder, UrlConnectionHttpClient http, software.amazon.awssdk.regions.Region region,
                DefaultCredentialsProvider credentials) {
            return builder.httpClient(http).region(region).credentialsProvider(credentials).build();
        }
    }

    /** Management API client for a WebSocket callback URL ({@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}). */
    public ApiGatewayManagementApiClient managementApi(String callbackUrl) {
        return managementApi.apply(URI.create(callbackUrl));
    }
}
