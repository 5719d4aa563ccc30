package io.github.serverlessopenclaw.plugin.stacks;

import static io.github.serverlessopenclaw.plugin.config.Architecture.ARM64;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Protocol.HttpRoute;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.budgets.CfnBudget;
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
import software.amazon.awscdk.services.lambda.LoggingFormat;
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
        // Stage throttling bounds what any caller (a stolen token, a script) can make the functions run.
        WebSocketStage stage = WebSocketStage.Builder.create(this, "WebSocketStage")
                .webSocketApi(webSocketApi)
                .stageName(Constants.WEBSOCKET_STAGE)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.throttleRate())
                        .burstLimit(config.throttleBurst())
                        .build())
                .build();

        Map<String, String> environment = commonEnvironment(userPoolId, userPoolClientId, stage.getCallbackUrl());
        Code code = Code.fromAsset(config.lambdaAsset().toString());
        for (Handler handler : Handler.values()) {
            createFunction(handler, code, environment);
        }
        grantHandlers(webSocketApi, taskRoleArn, executionRoleArn);

        webSocketApi.addRoute(
                "$connect",
                WebSocketRouteOptions.builder()
                        .integration(new WebSocketLambdaIntegration("WsConnectInteg", aliases.get(Handler.WS_CONNECT)))
                        .build());
        webSocketApi.addRoute(
                "$disconnect",
                WebSocketRouteOptions.builder()
                        .integration(
                                new WebSocketLambdaIntegration("WsDisconnectInteg", aliases.get(Handler.WS_DISCONNECT)))
                        .build());
        webSocketApi.addRoute(
                "$default",
                WebSocketRouteOptions.builder()
                        .integration(new WebSocketLambdaIntegration("WsMessageInteg", aliases.get(Handler.WS_MESSAGE)))
                        .build());

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
        // The default stage is created by HttpApi itself; its throttling is only reachable on the L1 resource.
        ((CfnStage) ((HttpStage) httpApi.getDefaultStage()).getNode().getDefaultChild())
                .setDefaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                        .throttlingRateLimit(config.throttleRate())
                        .throttlingBurstLimit(config.throttleBurst())
                        .build());
        HttpJwtAuthorizer authorizer = HttpJwtAuthorizer.Builder.create(
                        "CognitoAuthorizer",
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

        config.budgetAlarm()
                .ifPresent(amount -> budget(amount, config.budgetAlarmEmail().orElseThrow()));

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
        environment.put(Env.MESSAGES_PER_MINUTE, Integer.toString(config.messagesPerMinute()));
        environment.put(Env.MAX_CONTAINERS, Integer.toString(config.maxContainers()));
        environment.put(Env.START_ON_CONNECT, Boolean.toString(config.startOnConnect()));
        if (config.telegram() && !config.telegramAllow().isEmpty()) {
            environment.put(Env.TELEGRAM_ALLOW, String.join(",", config.telegramAllow()));
        }
        environment.put("JAVA_TOOL_OPTIONS", Handler.JAVA_TOOL_OPTIONS);
        return environment;
    }

    /**
     * A monthly cost budget of the whole account (Budgets sees the bill, not this app's share, unless cost
     * allocation tags are activated by hand) that e-mails at 80% and 100% of actual spend and at 100% forecast.
     * Budgets without actions cost nothing.
     */
    private void budget(BigDecimal amount, String email) {
        var subscriber = CfnBudget.SubscriberProperty.builder()
                .subscriptionType("EMAIL")
                .address(email)
                .build();
        BiFunction<String, Integer, CfnBudget.NotificationWithSubscribersProperty> alert =
                (type, percent) -> CfnBudget.NotificationWithSubscribersProperty.builder()
                        .notification(CfnBudget.NotificationProperty.builder()
                                .notificationType(type)
                                .comparisonOperator("GREATER_THAN")
                                .threshold(percent)
                                .thresholdType("PERCENTAGE")
                                .build())
                        .subscribers(List.of(subscriber))
                        .build();
        List<CfnBudget.NotificationWithSubscribersProperty> notifications =
                List.of(alert.apply("ACTUAL", 80), alert.apply("ACTUAL", 100), alert.apply("FORECASTED", 100));
        CfnBudget.Builder.create(this, "MonthlyBudget")
                .budget(CfnBudget.BudgetDataProperty.builder()
                        .budgetName(names.budget())
                        .budgetType("COST")
                        .timeUnit("MONTHLY")
                        .budgetLimit(CfnBudget.SpendProperty.builder()
                                .amount(amount)
                                .unit("USD")
                                .build())
                        .build())
                .notificationsWithSubscribers(notifications)
                .build();
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
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Function function = Function.Builder.create(this, id)
                .functionName(handler.functionName(names))
                .description(handler.name() + " of " + names.appName())
                .runtime(Runtime.JAVA_21)
                .architecture(config.architecture() == ARM64 ? Architecture.ARM_64 : Architecture.X86_64)
                .handler(handler.handlerString())
                .code(code)
                .memorySize(handler.memoryMb())
                .timeout(Duration.seconds(handler.timeoutSeconds()))
                .environment(environment)
                .role(role)
                .logGroup(logGroup)
                // one JSON object per line with level and request id (the handlers log through Lambda's logger)
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        Alias alias = Alias.Builder.create(this, id + "Alias")
                .aliasName(Constants.LAMBDA_ALIAS)
                .version(function.getCurrentVersion())
                .build();
        aliases.put(handler, alias);
        roles.put(handler, role);
    }

    /**
     * What each function calls, one line per call site: the one place to read or change a function's role.
     * Each grant is scoped to a table, the cluster's tasks, the product's family, named parameters. role-tests'
     * GrantsEqualCallsTest runs every handler with its role on the strict moto and fails on a grant no run used
     * and on a call a role lacks.
     */
    private void grantHandlers(WebSocketApi webSocketApi, String taskRoleArn, String executionRoleArn) {
        List<Secret> telegramSecrets =
                config.telegram() ? List.of(Secret.TELEGRAM_BOT_TOKEN, Secret.TELEGRAM_WEBHOOK_SECRET) : List.of();
        for (Handler handler : Handler.values()) {
            Role role = roles.get(handler);
            RoleGrants grants = new RoleGrants(this, role);
            switch (handler) {
                case WS_CONNECT -> {
                    grants.items(Table.CONNECTIONS, "GetItem", "PutItem"); // revocation, then the connection
                    if (config.startOnConnect()) {
                        // the user's row, the prewarmed one and the cap (Scan); claim, task ARN, release; RunTask
                        grants.items(Table.TASK_STATE, "GetItem", "Scan", "PutItem", "UpdateItem", "DeleteItem")
                                .runTasks(taskRoleArn, executionRoleArn)
                                .tasks("StopTask"); // a task superseded while starting
                    }
                }
                case WS_DISCONNECT -> grants.items(Table.CONNECTIONS, "DeleteItem");
                case WS_MESSAGE -> {
                    // the connection and its revocation; an expired or revoked one is deleted (and closed)
                    grants.items(Table.CONNECTIONS, "GetItem", "DeleteItem")
                            .items(Table.CONVERSATIONS, "Query"); // getHistory
                    grantRouter(grants, taskRoleArn, executionRoleArn);
                    webSocketApi.grantManageConnections(role); // status, history and error frames; DeleteConnection
                }
                case TELEGRAM_WEBHOOK -> {
                    // /link, linked-user lookup, link tries and the stranger notice (Limits)
                    grants.items(Table.SETTINGS, "GetItem", "PutItem", "UpdateItem", "DeleteItem")
                            .secrets("ssm:GetParameters", telegramSecrets);
                    grantRouter(grants, taskRoleArn, executionRoleArn);
                }
                case API ->
                    grants.items(Table.CONNECTIONS, "GetItem") // is the user's access revoked (user-delete)
                            .items(Table.TASK_STATE, "GetItem") // GET /status
                            .items(Table.CONVERSATIONS, "Query") // GET /conversations
                            .items(
                                    Table.SETTINGS,
                                    "GetItem",
                                    "PutItem",
                                    "DeleteItem"); // link codes, link status, unlink
                case WATCHDOG ->
                    grants.items(Table.TASK_STATE, "Scan", "DeleteItem", "PutItem", "UpdateItem")
                            .items(Table.CONVERSATIONS, "Query") // the user's active hours
                            .items(
                                    Table.SETTINGS,
                                    "Query",
                                    "DeleteItem") // the line of users waiting at the container cap
                            .items(Table.PENDING_MESSAGES, "Query") // does a waiting user still have messages
                            .runTasks(taskRoleArn, executionRoleArn) // admits waiting users into freed slots
                            .tasks("DescribeTasks", "StopTask");
                case PREWARM ->
                    grants.items(Table.TASK_STATE, "Scan", "PutItem", "UpdateItem", "DeleteItem")
                            .runTasks(taskRoleArn, executionRoleArn)
                            .tasks("StopTask"); // a task superseded while starting
            }
        }
        // The bridge pushes reply frames to browsers through this API's management endpoint.
        IRole taskRole = Role.fromRoleArn(
                this,
                "ContainerTaskRole",
                taskRoleArn,
                FromRoleArnOptions.builder().mutable(true).build());
        webSocketApi.grantManageConnections(taskRole);
    }

    /**
     * The router (ws-message, telegram-webhook): the rate counter; TaskState claims, touches, prewarm hand-over (one
     * transaction of a Put and a Delete), releases and the container count; the pending queue and the line at the
     * cap; start, inspect and stop tasks; the bridge's bearer token.
     */
    private static void grantRouter(RoleGrants grants, String taskRoleArn, String executionRoleArn) {
        grants.items(Table.TASK_STATE, "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Scan") // Scan: the cap
                .items(Table.PENDING_MESSAGES, "PutItem")
                .items(Table.SETTINGS, "UpdateItem") // the per-user rate counter, the line at the container cap
                .runTasks(taskRoleArn, executionRoleArn)
                .tasks("DescribeTasks", "StopTask");
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
