package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.SignedCall;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Everything a handler talks to. Production builds one per Lambda instance; each client is built on its first
 * use, so a function pays only for the clients its path calls (ws-message never builds SSM's, telegram-webhook
 * never builds the Management API's). Tests build it against moto and local stub servers.
 */
public final class Services {
    private final LambdaEnv env;
    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<EcsClient> ecs;
    private final Supplier<SignedCall> ecsCalls;
    private final Supplier<SsmClient> ssm;
    private final Function<URI, ApiGatewayManagementApiClient> managementApi;
    private final Clock clock;

    /** For tests: RunTask is signed with the ECS client's own region, credentials and endpoint. */
    public Services(
            LambdaEnv env,
            DynamoDbClient dynamo,
            EcsClient ecs,
            SsmClient ssm,
            Function<URI, ApiGatewayManagementApiClient> managementApi,
            Clock clock) {
        this(
                env,
                () -> dynamo,
                () -> ecs,
                lazy(() -> {
                    var config = ecs.serviceClientConfiguration();
                    return new SignedCall(
                            UrlConnectionHttpClient.create(),
                            config.credentialsProvider(),
                            config.region(),
                            "ecs",
                            config.endpointOverride()
                                    .orElseGet(() -> SignedCall.endpoint(Map.of(), "ECS", "ecs", config.region())));
                }),
                () -> ssm,
                managementApi,
                clock);
    }

    private Services(
            LambdaEnv env,
            Supplier<DynamoDbClient> dynamo,
            Supplier<EcsClient> ecs,
            Supplier<SignedCall> ecsCalls,
            Supplier<SsmClient> ssm,
            Function<URI, ApiGatewayManagementApiClient> managementApi,
            Clock clock) {
        this.env = env;
        this.dynamo = dynamo;
        this.ecs = ecs;
        this.ecsCalls = ecsCalls;
        this.ssm = ssm;
        this.managementApi = managementApi;
        this.clock = clock;
    }

    /** The instance for this Lambda container, created on first use (during the init phase). */
    public static Services production() {
        return Production.INSTANCE;
    }

    public LambdaEnv env() {
        return env;
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public EcsClient ecs() {
        return ecs.get();
    }

    /**
     * ECS's JSON API signed by hand, for RunTask on a first message's path: the SDK's client would load its endpoint
     * rules and unmarshal the whole Task of the answer (some 450 model classes) for the one field the path reads.
     */
    public SignedCall ecsCalls() {
        return ecsCalls.get();
    }

    public SsmClient ssm() {
        return ssm.get();
    }

    public Clock clock() {
        return clock;
    }

    /** Management API client for a WebSocket callback URL ({@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}). */
    public ApiGatewayManagementApiClient managementApi(String callbackUrl) {
        return managementApi.apply(URI.create(callbackUrl));
    }

    private static final class Production {
        static final Services INSTANCE = create();

        private static Services create() {
            // Shared by every client; each of these is cheap next to a client, and every path needs them.
            Supplier<UrlConnectionHttpClient> http = lazy(() ->
                    (UrlConnectionHttpClient) UrlConnectionHttpClient.builder().build());
            Supplier<Region> region = lazy(Production::region);
            Supplier<AwsCredentialsProvider> credentials = lazy(Production::credentials);
            Map<URI, ApiGatewayManagementApiClient> managementClients = new ConcurrentHashMap<>();
            return new Services(
                    LambdaEnv.system(),
                    lazy(() -> configure(DynamoDbClient.builder(), http, region, credentials)),
                    lazy(() -> configure(EcsClient.builder(), http, region, credentials)),
                    lazy(() -> new SignedCall(
                            http.get(),
                            credentials.get(),
                            region.get(),
                            "ecs",
                            SignedCall.endpoint(System.getenv(), "ECS", "ecs", region.get()))),
                    lazy(() -> configure(SsmClient.builder(), http, region, credentials)),
                    endpoint -> managementClients.computeIfAbsent(
                            endpoint,
                            e -> configure(
                                    ApiGatewayManagementApiClient.builder().endpointOverride(e),
                                    http,
                                    region,
                                    credentials)),
                    Clock.systemUTC());
        }

        /** Lambda sets AWS_REGION; the chain (profiles, instance metadata) only outside Lambda. */
        private static Region region() {
            String region = System.getenv("AWS_REGION");
            return region != null && !region.isBlank()
                    ? Region.of(region)
                    : DefaultAwsRegionProviderChain.builder().build().getRegion();
        }

        /**
         * An on-demand Lambda has its role's keys in the environment: read them directly, without building the
         * default chain (profile files, web identity, container and instance providers). A SnapStart function
         * gets them from a container endpoint instead, which the default chain finds and refreshes after a restore.
         */
        private static AwsCredentialsProvider credentials() {
            return System.getenv("AWS_ACCESS_KEY_ID") != null && System.getenv("AWS_SECRET_ACCESS_KEY") != null
                    ? EnvironmentVariableCredentialsProvider.create()
                    : DefaultCredentialsProvider.builder().build();
        }

        private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(
                B builder,
                Supplier<UrlConnectionHttpClient> http,
                Supplier<Region> region,
                Supplier<AwsCredentialsProvider> credentials) {
            return builder.httpClient(http.get())
                    .region(region.get())
                    .credentialsProvider(credentials.get())
                    .build();
        }
    }

    /** A value computed once, on first use, by whichever thread asks first. */
    static <T> Supplier<T> lazy(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T result = value;
                if (result == null) {
                    synchronized (this) {
                        result = value;
                        if (result == null) {
                            result = factory.get();
                            value = result;
                        }
                    }
                }
                return result;
            }
        };
    }
}
