package io.github.serverlessopenclaw.plugin.local;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployLogs;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Deployer;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.stacks.SharedValue;
import io.github.serverlessopenclaw.plugin.stacks.SynthesisKey;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.plugin.users.PasswordFile;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The deployment the project would deploy, on this machine (what {@code openclaw:run} runs until Ctrl-C): moto with
 * the stacks deployed by the plugin's own engine, the secrets, the real Lambdas behind the local API Gateway APIs
 * ({@link LocalApis}), containers as processes ({@link LocalEcs}), and the web UI. Each part is printed with its
 * address and the time it took; {@link #close()} stops them all, containers first.
 */
public final class LocalRun implements AutoCloseable {
    /** moto's region and its fixed test credentials: nothing here reaches AWS. */
    public static final String REGION = "us-east-1";

    static final String ACCESS_KEY = "testing";
    static final String SECRET_KEY = "testing";
    static final String SIGN_IN_FILE = "sign-in.password";

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Consumer<String> out;
    private final long started = System.nanoTime();
    private URI moto;
    private LocalEcs ecs;
    private LocalApis apis;
    private LocalWeb web;
    private String email;
    private Path passwordFile;

    private LocalRun(Consumer<String> out) {
        this.out = out;
    }

    /** Starts everything; on failure stops what started and throws with the part that failed named. */
    public static LocalRun start(LocalRunConfig config, Consumer<String> out) {
        LocalRun run = new LocalRun(out);
        try {
            run.startAll(config);
            return run;
        } catch (RuntimeException | IOException e) {
            run.close();
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException("openclaw:run could not start: " + e.getMessage());
        }
    }

    private void startAll(LocalRunConfig config) throws IOException {
        Path dir = Files.createDirectories(config.runDirectory());
        AppNames names = config.stacks().names();

        long t = System.nanoTime();
        if (config.endpoint().isPresent()) {
            moto = config.endpoint().get();
            part("moto", moto + " (given by openclaw.endpoint)", t);
        } else {
            MotoServer.missing().ifPresent(missing -> {
                throw new ConfigurationException(missing);
            });
            MotoServer server = MotoServer.start(
                    dir.resolve("moto"),
                    dir.resolve("logs/moto.log"),
                    Map.of(),
                    Duration.ofSeconds(180)); // a loaded machine imports moto slowly
            parts.add(server);
            moto = server.endpoint();
            part("moto", moto + " (log " + dir.resolve("logs/moto.log") + ")", t);
        }
        AwsClients aws = new AwsClients(AwsSettings.of(REGION, null, moto.toString()))
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));

        t = System.nanoTime();
        // the same reuse as deploy's: every input unchanged (SynthesisKey) means the same templates
        Path assembly = dir.resolve("cdk.out");
        Optional<String> synthesisKey = SynthesisKey.of(config.stacks());
        if (synthesisKey.isPresent() && synthesisKey.equals(SynthesisKey.stored(assembly))) {
            part("templates", assembly + " (inputs unchanged, reused)", t);
        } else {
            assembly = new Synthesizer().synthesize(config.stacks(), assembly).outDir();
            Path synthesized = assembly;
            synthesisKey.ifPresent(k -> SynthesisKey.store(synthesized, k));
            part("templates", assembly + " (synthesized)", t);
        }

        t = System.nanoTime();
        DeployLogs.Collecting log = new DeployLogs.Collecting();
        new Bootstrapper(aws, log).bootstrap(config.stacks().qualifier(), DeployMethod.CHANGE_SET);
        writeSecrets(aws, names, config);
        DeployReport report = new Deployer(aws, log)
                .deploy(assembly, DeployOptions.defaults().withStacks(Set.of(ProductStack.API.id())));
        if (!report.succeeded()) {
            throw new ConfigurationException(
                    "deploying the stacks to moto failed:\n  " + String.join("\n  ", log.lines()));
        }
        DeployedOutputs outputs;
        try (CloudFormationClient cfn = aws.create(CloudFormationClient.builder())) {
            outputs = DeployedOutputs.read(cfn, names);
        }
        part("stacks", report.stacks().size() + " deployed to moto, secrets written", t);

        t = System.nanoTime();
        Map<String, String> taskEnvironment = new LinkedHashMap<>();
        taskEnvironment.put(Env.AWS_ENDPOINT_URL, moto.toString());
        taskEnvironment.put("AWS_REGION", REGION);
        taskEnvironment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        taskEnvironment.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        config.telegramApiUrl().ifPresent(url -> taskEnvironment.put(Env.TELEGRAM_API_URL, url.toString()));
        config.model().ifPresent(model -> {
            taskEnvironment.put(Env.OPENCLAW_MODEL_BASE_URL, model.baseUrl().toString());
            taskEnvironment.put(Env.OPENCLAW_MODEL_API, model.api());
            model.apiKey().ifPresent(key -> taskEnvironment.put(Env.OPENCLAW_MODEL_API_KEY, key));
        });
        EcsClient motoEcs = aws.create(EcsClient.builder());
        SsmClient motoSsm = aws.create(SsmClient.builder());
        parts.add(motoEcs);
        parts.add(motoSsm);
        ecs = new LocalEcs(
                motoEcs,
                motoSsm,
                REGION,
                config.image(),
                dir.resolve("tasks"),
                taskEnvironment,
                io.github.serverlessopenclaw.common.Constants.BRIDGE_PORT,
                out);
        parts.add(ecs);
        part(
                "containers",
                ecs.endpoint() + " (local ECS: RunTask starts the bridge with Node "
                        + config.image().node() + ")",
                t);

        t = System.nanoTime();
        LocalApisConfig.Builder apisConfig = LocalApisConfig.builder(
                        moto, REGION, names, config.stacks().lambdaAsset(), dir.resolve("logs"))
                .environmentOverride("AWS_ENDPOINT_URL_ECS", ecs.endpoint().toString());
        config.telegramApiUrl().ifPresent(url -> apisConfig.environmentOverride(Env.TELEGRAM_API_URL, url.toString()));
        apis = LocalApis.start(apisConfig.build());
        parts.add(apis);
        part(
                "functions",
                apis.functions().size() + " Lambda functions, each in its own JVM (" + apis.runtimePath() + ")",
                t);
        part("WebSocket API", apis.webSocketUrl().toString(), t);
        part(
                "HTTP API",
                apis.httpApiUrl()
                        + (config.stacks().telegram()
                                ? " (Telegram webhook: POST " + apis.httpApiUrl() + "/telegram)"
                                : ""),
                t);

        // EventBridge's rate rule for the watchdog (prewarm cron rules are not run locally)
        java.util.concurrent.ScheduledExecutorService schedule =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(LocalServers.daemon("local-schedule"));
        parts.add(schedule::shutdownNow);
        String watchdog = io.github.serverlessopenclaw.common.Handler.WATCHDOG.functionName(names);
        schedule.scheduleAtFixedRate(
                () -> {
                    try {
                        apis.invoke(watchdog, scheduledEvent());
                    } catch (RuntimeException e) {
                        out.accept("the watchdog's scheduled run failed: " + e.getMessage());
                    }
                },
                5,
                5,
                java.util.concurrent.TimeUnit.MINUTES);

        t = System.nanoTime();
        web = new LocalWeb(
                WebAssets.bundled(),
                config.webPort(),
                moto,
                outputs.require(OutputKey.UserPoolId),
                outputs.require(OutputKey.UserPoolClientId),
                apis.webSocketUrl(),
                apis.httpApiUrl(),
                Optional.empty());
        parts.add(web);
        part("web UI", web.url(), t);

        t = System.nanoTime();
        String sub = signIn(aws, outputs, dir, config.email());
        String bucket;
        try (SsmClient ssm = aws.create(SsmClient.builder())) {
            bucket = ssm.getParameter(b -> b.name(names.sharedParameter(SharedValue.DATA_BUCKET.key())))
                    .parameter()
                    .value();
        }
        LocalState state = new LocalState(dir.resolve("state"));
        if (state.exists()) {
            try (DynamoDbClient dynamo = aws.create(DynamoDbClient.builder());
                    S3Client s3 = aws.create(S3Client.builder())) {
                part(
                        "state",
                        "resumed from " + dir.resolve("state") + ": "
                                + state.restore(dynamo, s3, names, bucket, Map.of(config.email(), sub)),
                        t);
            }
        }
        // at shutdown, after the containers saved their workspaces and before moto stops (parts close newest first)
        parts.add(parts.indexOf(ecs), () -> {
            try (DynamoDbClient dynamo = aws.create(DynamoDbClient.builder());
                    S3Client s3 = aws.create(S3Client.builder())) {
                out.accept("state saved to " + dir.resolve("state") + ": "
                        + state.save(dynamo, s3, names, bucket, Map.of(config.email(), sub)));
            }
        });
        out.accept(String.format(
                "chat ready at %s in %.1f s; Ctrl-C stops everything", web.url(), (System.nanoTime() - started) / 1e9));
        if (config.model().isEmpty()
                && config.stacks().providerSecrets().stream().noneMatch(config.secrets()::containsKey)) {
            out.accept("no model key: the chat will say the model is unusable; give the provider key as for a deploy"
                    + " (e.g. ANTHROPIC_API_KEY) or an OpenAI-compatible endpoint with -Dopenclaw.modelBaseUrl");
        }
    }

    /** The event an EventBridge schedule rule delivers. */
    static byte[] scheduledEvent() {
        String now = java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        return ("{\"version\":\"0\",\"id\":\"" + java.util.UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\","
                        + "\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":\"" + now
                        + "\",\"region\":\"" + REGION
                        + "\",\"resources\":[],\"detail\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void writeSecrets(AwsClients aws, AppNames names, LocalRunConfig config) {
        Map<Secret, String> values = new LinkedHashMap<>(config.secrets());
        SecureRandom random = new SecureRandom();
        for (Secret generated : List.of(Secret.OPENCLAW_GATEWAY_TOKEN, Secret.TELEGRAM_WEBHOOK_SECRET)) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            values.putIfAbsent(generated, HexFormat.of().formatHex(bytes));
        }
        try (SsmClient ssm = aws.create(SsmClient.builder())) {
            values.forEach((secret, value) -> ssm.putParameter(b -> b.name(secret.parameterName(names))
                    .type(ParameterType.SECURE_STRING)
                    .value(value)
                    .overwrite(true)));
        }
    }

    /** Creates the user; its password is printed on the first run only and kept in a 0600 file for the next ones. */
    private String signIn(AwsClients aws, DeployedOutputs outputs, Path dir, String address) throws IOException {
        email = address;
        passwordFile = dir.resolve(SIGN_IN_FILE);
        boolean first = !Files.isRegularFile(passwordFile);
        String password;
        String sub;
        try (CognitoUsers users = new CognitoUsers(
                aws.create(CognitoIdentityProviderClient.builder()), outputs.require(OutputKey.UserPoolId))) {
            password = first
                    ? users.policy().generate(new SecureRandom())
                    : Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
            sub = users.find(address)
                    .orElseGet(() -> users.create(address, password))
                    .sub();
        }
        if (first) {
            PasswordFile.write(passwordFile, password);
            out.accept("sign in as " + address + " with password " + password + " (shown once; kept in " + passwordFile
                    + ")");
        } else {
            out.accept("sign in as " + address + " (password in " + passwordFile + ")");
        }
        return sub;
    }

    private void part(String name, String address, long since) {
        out.accept(String.format("%-14s %s  (%.1f s)", name, address, (System.nanoTime() - since) / 1e9));
    }

    public URI motoEndpoint() {
        return moto;
    }

    public LocalEcs ecs() {
        return ecs;
    }

    public LocalApis apis() {
        return apis;
    }

    public String webUrl() {
        return web.url();
    }

    public String email() {
        return email;
    }

    public String password() {
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every part, newest first (containers get SIGTERM before moto goes). */
    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                out.accept("stopping " + parts.get(i).getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        parts.clear();
    }
}
