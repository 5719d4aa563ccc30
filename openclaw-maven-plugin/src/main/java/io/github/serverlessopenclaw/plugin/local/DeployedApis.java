package io.github.serverlessopenclaw.plugin.local;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Authorizer;
import software.amazon.awssdk.services.apigatewayv2.model.Cors;
import software.amazon.awssdk.services.apigatewayv2.model.GetApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * What the deployed Api stack holds, read back from moto as API Gateway and Lambda would read it: each function's
 * handler, timeout, memory and environment (references resolved), each API's routes with the function their
 * integration invokes, the HTTP API's JWT authorizer and CORS configuration, the WebSocket stage.
 */
record DeployedApis(List<Function> functions, Api webSocket, Api http, String webSocketStage, String userPoolId) {
    /** A deployed function as Lambda's GetFunctionConfiguration returns it. */
    record Function(
            String name,
            String arn,
            String handler,
            int timeoutSeconds,
            int memoryMb,
            Map<String, String> environment) {}

    /** A route: its key ({@code $connect}, {@code GET /status}), the function it invokes, its JWT authorizer if any. */
    record RouteTarget(String routeKey, String functionName, Optional<Jwt> authorizer) {}

    /** A JWT authorizer's configuration. */
    record Jwt(String issuer, List<String> audience) {}

    /** An API: its id, routes by key, route selection expression (WebSocket) and CORS (HTTP). */
    record Api(String id, Map<String, RouteTarget> routes, String routeSelectionExpression, Optional<Cors> cors) {
        /** The API's default endpoint host, {@code <id>.execute-api.<region>.amazonaws.com}, as its events carry it. */
        String domainName(String region) {
            return id + ".execute-api." + region + ".amazonaws.com";
        }
    }

    private static final Pattern FUNCTION_IN_ARN = Pattern.compile(":function:([A-Za-z0-9_-]+)");
    private static final Pattern POOL_IN_ISSUER = Pattern.compile("amazonaws\\.com/([\\w-]+_[0-9A-Za-z]+)$");

    static DeployedApis read(LocalApisConfig config) {
        AwsClients aws = new AwsClients(AwsSettings.of(
                        config.region(), null, config.motoEndpoint().toString()))
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        String stackName = ProductStack.API.stackName(config.names());
        try (CloudFormationClient cloudFormation = aws.create(CloudFormationClient.builder());
                LambdaClient lambda = aws.create(LambdaClient.builder());
                ApiGatewayV2Client apis = aws.create(ApiGatewayV2Client.builder())) {
            List<StackResource> resources;
            try {
                resources = cloudFormation
                        .describeStackResources(b -> b.stackName(stackName))
                        .stackResources();
            } catch (SdkException e) {
                throw new LocalApisException("the stack " + stackName + " is not deployed at " + config.motoEndpoint()
                        + " (" + e.getMessage() + "): deploy the local stacks first");
            }
            List<Function> functions = new ArrayList<>();
            Api webSocket = null;
            Api http = null;
            String stage = null;
            for (StackResource resource : resources) {
                switch (resource.resourceType()) {
                    case "AWS::Lambda::Function" -> functions.add(function(lambda, resource.physicalResourceId()));
                    case "AWS::ApiGatewayV2::Api" -> {
                        GetApiResponse api = apis.getApi(b -> b.apiId(resource.physicalResourceId()));
                        if (api.protocolType() == ProtocolType.WEBSOCKET) {
                            webSocket = api(apis, api);
                            stage = apis.getStages(b -> b.apiId(api.apiId())).items().stream()
                                    .map(s -> s.stageName())
                                    .findFirst()
                                    .orElse(null);
                        } else {
                            http = api(apis, api);
                        }
                    }
                    default -> {}
                }
            }
            if (functions.isEmpty() || webSocket == null || http == null || stage == null) {
                throw new LocalApisException("the stack " + stackName + " at " + config.motoEndpoint()
                        + " lacks its functions, its WebSocket API (with a stage) or its HTTP API: deploy it again");
            }
            String userPool = http.routes().values().stream()
                    .flatMap(r -> r.authorizer().stream())
                    .map(j -> POOL_IN_ISSUER.matcher(j.issuer()))
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElse(null);
            return new DeployedApis(List.copyOf(functions), webSocket, http, stage, userPool);
        }
    }

    /** Where the local pool's keys are: moto serves each pool's JWKS under its own path. */
    String jwksUrl(URI moto) {
        return userPoolId == null
                ? ""
                : moto.resolve("/" + userPoolId + "/.well-known/jwks.json").toString();
    }

    private static Function function(LambdaClient lambda, String name) {
        GetFunctionConfigurationResponse c = lambda.getFunctionConfiguration(b -> b.functionName(name));
        Map<String, String> environment =
                c.environment() == null || c.environment().variables() == null
                        ? Map.of()
                        : new LinkedHashMap<>(c.environment().variables());
        return new Function(
                c.functionName(),
                c.functionArn(),
                c.handler(),
                c.timeout() == null ? 3 : c.timeout(),
                c.memorySize() == null ? 128 : c.memorySize(),
                Map.copyOf(environment));
    }

    private static Api api(ApiGatewayV2Client apis, GetApiResponse api) {
        Map<String, Integration> integrations = new LinkedHashMap<>();
        apis.getIntegrations(b -> b.apiId(api.apiId())).items().forEach(i -> integrations.put(i.integrationId(), i));
        // one GetAuthorizer per id: moto has no GetAuthorizers
        Map<String, Authorizer> authorizers = new LinkedHashMap<>();
        java.util.function.Function<String, Authorizer> authorizer = id -> authorizers.computeIfAbsent(id, i -> {
            var a = apis.getAuthorizer(b -> b.apiId(api.apiId()).authorizerId(i));
            return Authorizer.builder()
                    .authorizerId(a.authorizerId())
                    .jwtConfiguration(a.jwtConfiguration())
                    .build();
        });
        Map<String, RouteTarget> routes = new LinkedHashMap<>();
        for (Route route : apis.getRoutes(b -> b.apiId(api.apiId())).items()) {
            String target = route.target() == null ? "" : route.target().replaceFirst("^integrations/", "");
            Integration integration = integrations.get(target);
            if (integration == null || integration.integrationUri() == null) {
                continue;
            }
            Matcher function = FUNCTION_IN_ARN.matcher(integration.integrationUri());
            if (!function.find()) {
                continue;
            }
            Optional<Jwt> jwt = Optional.ofNullable(route.authorizerId())
                    .map(authorizer)
                    .filter(a -> a.jwtConfiguration() != null)
                    .map(a -> new Jwt(
                            a.jwtConfiguration().issuer(),
                            List.copyOf(a.jwtConfiguration().audience())));
            routes.put(route.routeKey(), new RouteTarget(route.routeKey(), function.group(1), jwt));
        }
        return new Api(
                api.apiId(),
                Map.copyOf(routes),
                api.routeSelectionExpression() == null ? "$request.body.action" : api.routeSelectionExpression(),
                Optional.ofNullable(api.corsConfiguration()));
    }
}
