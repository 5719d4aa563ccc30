package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Protocol.HttpRoute;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The seven functions from the runtime-lambdas jar (java21, SnapStart on published versions, every trigger on
 * the {@code live} alias), the WebSocket API, the HTTP API with the Cognito JWT authorizer, and the EventBridge
 * rules. Each function has its own role with only the statements its handler needs.
 */
final class ApiStack extends OpenClawStack {

    /** Item-level DynamoDB actions the runtimes use (no table management, no streams). */
    static final List<String> TABLE_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem");
    /** Handlers that start, stop or inspect containers. */
    private static final Set<Handler> TASK_CONTROL = EnumSet.of(
            Handler.WS_MESSAGE, Handler.TELEGRAM_WEBHOOK, Handler.WATCHDOG, Handler.PREWARM, Handler.API);
    /** Handlers that call the bridge (the per-container token and certificate from TaskState) or push frames to browsers. */
    private static final Set<Handler> BRIDGE_CALLERS = EnumSet.of(
            Handler.WS_MESSAGE, Handler.TELEGRAM_WEBHOOK, Handler.WATCHDOG, Handler.PREWARM);

    private final Map<Handler, Alias> aliases = new EnumMap<>(Handler.class);
    private final Map<Handler, Role> roles = new EnumMap<>(Handler.class);

    ApiStack(Construct scope, StackConfig config) {
        super(scope, ProductStack.API, config, "Lambda functions, WebSocket and HTTP APIs, schedules");
        String userPoolId = shared(SharedValue.USER_POOL_ID);
        String userPoolClientId = shared(SharedValue.USER_POOL_CLIENT_ID);
        String taskRoleArn = shared(SharedValue.TASK_ROLE_ARN);
        String executionRoleArn = shared(SharedValue.EXECUTION_ROLE_ARN);

        WebSocketApi webSocketApi = WebSocketApi.Builder.create(this, "WebSocketApi")
                .apiName(names.webSocketApi())
                .description("Chat of " + names.appName() + " (the ID token comes as ?token= on $connect)")
                .build();
        WebSocketStage stage = WebSocketStage.Builder.create(this, "WebSocketStage")
                .webSocketApi(webSocketApi).stageName(Constants.WEBSOCKET_STAGE).autoDeploy(true).build();

        Map<String, String> environment = commonEnvironment(userPoolId, userPoolClientId, stage.getCallbackUrl());
        Code code = Code.fromAsset(config.lambdaAsset().toString());
        for (Handler handler : Handler.values()) {
            createFunction(handler, code, environment);
        }
        grantHandlers(webSocketApi, taskRoleArn, executionRoleArn);

        webSocketApi.addRoute("$connect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("WsConnectInteg", aliases.get(Handler.WS_CONNECT))).build());
        webSocketApi.addRoute("$disconnect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("WsDisconnectInteg", aliases.get(Handler.WS_DISCONNECT))).build());
        webSocketApi.addRoute("$default", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("WsMessageInteg", aliases.get(Handler.WS_MESSAGE))).build());

        HttpApi httpApi = HttpApi.Builder.create(this, "HttpApi")
                .apiName(names.httpApi())
                .description("REST-style calls of the web UI and the Telegram webhook of " + names.appName())
                // Bearer tokens, no cookies: any origin may call; the JWT authorizer decides.
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of("*"))
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS))
                        .allowHeaders(List.of("Authorization", "Content-Type"))
                        .maxAge(Duration.hours(1))
                        .build())
                .build();
        HttpJwtAuthorizer authorizer = HttpJwtAuthorizer.Builder.create("CognitoAuthorizer",
                        Fn.join("", List.of("https://cognito-idp.", Aws.REGION, ".amazonaws.com/", userPoolId)))
                .jwtAudience(List.of(userPoolClientId))
                .build();
        for (HttpRoute route : HttpRoute.values()) {
            boolean telegramRoute = route == HttpRoute.TELEGRAM;
            if (telegramRoute && !config.telegram()) {
                continue;
            }
            Handler handler = telegramRoute ? Handler.TELEGRAM_WEBHOOK : Handler.API;
            AddRoutesOptions.Builder options = AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(new HttpLambdaIntegration(integrationId(route), aliases.get(handler)));
            if (!telegramRoute) {
                options.authorizer(authorizer);
            }
            // POST /telegram has no authorizer: Telegram cannot send a JWT; the handler checks the secret header.
            httpApi.addRoutes(options.build());
        }

        Rule.Builder.create(this, "WatchdogRule")
                .ruleName(names.rule(Handler.WATCHDOG.suffix()))
                .description("Stops idle containers and clears stale state of " + names.appName())
                .schedule(Schedule.expression(Handler.WATCHDOG_SCHEDULE))
                .targets(List.of(new LambdaFunction(aliases.get(Handler.WATCHDOG))))
                .build();
        List<String> schedules = config.prewarmSchedules();
        for (int i = 0; i < schedules.size(); i++) {
            Rule.Builder.create(this, "PrewarmRule" + i)
                    .ruleName(names.rule(Handler.PREWARM.suffix() + "-" + i))
                    .description("Starts a container ahead of use (UTC) for " + names.appName())
                    .schedule(Schedule.expression("cron(" + schedules.get(i) + ")"))
                    .targets(List.of(new LambdaFunction(aliases.get(Handler.PREWARM))))
                    .build();
        }

        share(SharedValue.WEBSOCKET_URL, stage.getUrl());
        share(SharedValue.HTTP_API_URL, httpApi.getApiEndpoint());
        output(OutputKey.WebSocketApiEndpoint, stage.getUrl(), "wss:// URL of the chat");
        output(OutputKey.WebSocketCallbackUrl, stage.getCallbackUrl(), "Management endpoint for replies to browsers");
        output(OutputKey.HttpApiEndpoint, httpApi.getApiEndpoint(), "HTTP API of the web UI and Telegram");
    }

    private Map<String, String> commonEnvironment(String userPoolId, String userPoolClientId, String callbackUrl) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(Env.APP_NAME, names.appName());
        for (Table table : Table.values()) {
            environment.put(table.envVar(), names.table(table));
        }
        environment.put(Env.CLUSTER, names.cluster());
        environment.put(Env.TASK_FAMILY, names.taskFamily());
        environment.put(Env.CONTAINER_NAME, Constants.CONTAINER_NAME);
        environment.put(Env.SUBNET_IDS, shared(SharedValue.SUBNET_IDS));
        environment.put(Env.SECURITY_GROUP_IDS, shared(SharedValue.SECURITY_GROUP_ID));
        if (config.spot()) {
            environment.put(Env.CAPACITY_PROVIDER, ComputeStack.FARGATE_SPOT);
        }
        environment.put(Env.USER_POOL_ID, userPoolId);
        environment.put(Env.USER_POOL_CLIENT_ID, userPoolClientId);
        environment.put(Env.WEBSOCKET_CALLBACK_URL, callbackUrl);
        if (config.telegram()) {
            environment.put(Env.TELEGRAM_BOT_TOKEN_PARAMETER, Secret.TELEGRAM_BOT_TOKEN.parameterName(names));
            environment.put(Env.TELEGRAM_SECRET_PARAMETER, Secret.TELEGRAM_WEBHOOK_SECRET.parameterName(names));
        }
        environment.put(Env.IDLE_TIMEOUT_MINUTES, Integer.toString(config.idleTimeoutMinutes()));
        environment.put(Env.PREWARM_DURATION_MINUTES, Integer.toString(config.prewarmDurationMinutes()));
        // Tiered compilation stopped at C1: the usual cold-start setting for short-lived Java handlers.
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return environment;
    }

    private void createFunction(Handler handler, Code code, Map<String, String> environment) {
        String id = constructId(handler);
        // An explicit log group with a retention instead of Lambda's never-expiring default (and without the
        // LogRetention custom resource CDK would otherwise add).
        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName(names.functionLogGroup(handler.suffix()))
                .retention(RetentionDays.ONE_WEEK)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Lambda " + handler.functionName(names))
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn())).build());
        Function function = Function.Builder.create(this, id)
                .functionName(handler.functionName(names))
                .description(handler.name() + " of " + names.appName())
                .runtime(Runtime.JAVA_21)
                .architecture(config.architecture() == io.github.serverlessopenclaw.plugin.image.Architecture.ARM64
                        ? Architecture.ARM_64 : Architecture.X86_64)
                .handler(handler.handlerString())
                .code(code)
                .memorySize(handler.memoryMb())
                .timeout(Duration.seconds(handler.timeoutSeconds()))
                .environment(environment)
                .role(role)
                .logGroup(logGroup)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        Alias alias = Alias.Builder.create(this, id + "Alias")
                .aliasName(Constants.LAMBDA_ALIAS)
                .version(function.getCurrentVersion())
                .build();
        aliases.put(handler, alias);
        roles.put(handler, role);
    }

    private void grantHandlers(WebSocketApi webSocketApi, String taskRoleArn, String executionRoleArn) {
        List<String> tables = new ArrayList<>();
        for (Table table : Table.values()) {
            String tableArn = arn("dynamodb", "table", names.table(table));
            tables.add(tableArn);
            tables.add(tableArn + "/index/*");
        }
        String clusterArn = arn("ecs", "cluster", names.cluster());
        for (Handler handler : Handler.values()) {
            Role role = roles.get(handler);
            role.addToPolicy(PolicyStatement.Builder.create().actions(TABLE_ACTIONS).resources(tables).build());
            if (TASK_CONTROL.contains(handler)) {
                role.addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("ecs:RunTask"))
                        .resources(List.of(arn("ecs", "task-definition", names.taskFamily() + ":*")))
                        .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", clusterArn)))
                        .build());
                role.addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("ecs:StopTask", "ecs:DescribeTasks"))
                        .resources(List.of(arn("ecs", "task", names.cluster() + "/*")))
                        .build());
                role.addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("iam:PassRole"))
                        .resources(List.of(taskRoleArn, executionRoleArn))
                        .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                        .build());
            }
            List<String> secrets = new ArrayList<>();
            if (BRIDGE_CALLERS.contains(handler)) {
                webSocketApi.grantManageConnections(role);
            }
            if (handler == Handler.TELEGRAM_WEBHOOK && config.telegram()) {
                secrets.add(Secret.TELEGRAM_BOT_TOKEN.parameterName(names));
                secrets.add(Secret.TELEGRAM_WEBHOOK_SECRET.parameterName(names));
            }
            if (!secrets.isEmpty()) {
                // the handlers read secrets with GetParameters (one call, decrypted), by exact parameter ARN
                role.addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("ssm:GetParameters"))
                        .resources(secrets.stream().map(this::parameterArn).toList())
                        .build());
            }
        }
        // The bridge pushes reply frames to browsers through this API's management endpoint.
        IRole taskRole = Role.fromRoleArn(this, "ContainerTaskRole", taskRoleArn,
                FromRoleArnOptions.builder().mutable(true).build());
        webSocketApi.grantManageConnections(taskRole);
    }

    private static String constructId(Handler handler) {
        StringBuilder id = new StringBuilder();
        for (String part : handler.suffix().split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Fn";
    }

    private static String integrationId(HttpRoute route) {
        StringBuilder id = new StringBuilder();
        for (String part : route.name().toLowerCase().split("_")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Integ";
    }
}
