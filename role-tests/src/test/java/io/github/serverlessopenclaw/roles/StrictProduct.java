package io.github.serverlessopenclaw.roles;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Handler;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.agent.AgentDirectory;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployLogs;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Deployer;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import io.github.serverlessopenclaw.plugin.stacks.SharedValue;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.StrictIam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The product as the plugin synthesizes it (Telegram on, one prewarm schedule, on-demand Fargate), deployed with
 * the plugin's own bootstrap and deploy engine to the strict moto, once per test JVM; every role of the Api and
 * Compute stacks assumed. The strict session stays open (the server is this JVM's) until the JVM ends.
 *
 * <p>moto gaps worked around after the deploy, with enforcement off (moto-capabilities.md §1, §10): its
 * CloudFormation drops the task definition's network mode, roles and container memory, and RunTask then fails;
 * so the family gets a second revision through the ECS API with what the template says (awsvpc, the task and
 * execution roles) plus container memory; the VPC gets DNS hostnames. The secrets are written as the plugin's
 * secrets step does. Nothing here is granted to a role: the roles are exactly the templates'.
 */
public final class StrictProduct {
    public static final AppNames NAMES = new AppNames("oc-strict");
    public static final String GATEWAY_TOKEN = "gateway-token-strict-0123456789";
    public static final String TELEGRAM_SECRET = "telegram-secret-strict-0123456789";
    public static final String BOT_TOKEN = "4242:strict-bot-token";
    /** In the project's AGENTS.md: the bridge, as the task role, must deliver it into the user's workspace. */
    public static final String AGENT_MARKER = "strict-role-agent-marker";

    private static final Pattern LOGICAL_SUFFIX = Pattern.compile("[0-9A-F]{8}$");

    private static StrictProduct instance;

    private final StrictIam strict;
    private final Path assembly;
    private final Map<Handler, String> lambdaRoles = new EnumMap<>(Handler.class);
    private final String taskRole;
    private final String executionRole;
    private final Map<String, AwsCredentialsProvider> credentials = new LinkedHashMap<>();
    private final Map<String, String> shared = new LinkedHashMap<>();
    private final Set<String> refusedOnPurpose = ConcurrentHashMap.newKeySet();
    private String agentManifest;

    private StrictProduct() throws IOException {
        strict = StrictIam.open();
        Runtime.getRuntime().addShutdownHook(new Thread(strict::close));
        Path work = Files.createTempDirectory("strict-product");
        StackConfig config = StackConfig.builder(NAMES, lambdaJar(work.resolve("lambdas.jar")))
                .telegram(true)
                .spot(false) // moto fails RunTask with a capacity-provider strategy (moto-capabilities §1)
                .prewarmSchedules(List.of("0 9 ? * MON-FRI *"))
                .agent(AgentDirectory.read(agentFolder(work.resolve("openclaw"))))
                .build();
        assembly = new Synthesizer().synthesize(config, work.resolve("cdk.out")).outDir();

        AwsClients aws = new AwsClients(AwsSettings.of(
                        Moto.REGION.id(), null, strict.moto().endpoint().toString()))
                .withCredentials(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)));
        DeployLogs.Collecting log = new DeployLogs.Collecting();
        new Bootstrapper(aws, log).bootstrap(StackConfig.DEFAULT_QUALIFIER, DeployMethod.CHANGE_SET);
        try (SsmClient ssm = strict.client(SsmClient.builder())) {
            writeSecret(ssm, Secret.OPENCLAW_GATEWAY_TOKEN, GATEWAY_TOKEN);
            writeSecret(ssm, Secret.ANTHROPIC_API_KEY, "sk-ant-strict");
            writeSecret(ssm, Secret.TELEGRAM_BOT_TOKEN, BOT_TOKEN);
            writeSecret(ssm, Secret.TELEGRAM_WEBHOOK_SECRET, TELEGRAM_SECRET);
            DeployReport report = new Deployer(aws, log)
                    .deploy(assembly, DeployOptions.defaults().withStacks(Set.of(ProductStack.API.id())));
            if (!report.succeeded()) {
                throw new IllegalStateException(
                        "deploying the product to the strict moto failed:\n" + String.join("\n", log.lines()));
            }
            for (SharedValue value : SharedValue.values()) {
                try {
                    shared.put(
                            value.key(),
                            ssm.getParameter(b -> b.name(NAMES.sharedParameter(value.key())))
                                    .parameter()
                                    .value());
                } catch (RuntimeException e) {
                    // Web's values are not deployed here
                }
            }
        }

        Map<String, String> apiRoles = strict.roles(ProductStack.API.stackName(NAMES));
        for (Handler handler : Handler.values()) {
            String prefix = constructId(handler) + "Role";
            String arn = apiRoles.entrySet().stream()
                    .filter(e ->
                            LOGICAL_SUFFIX.matcher(e.getKey()).replaceAll("").equals(prefix))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no role " + prefix + " in " + apiRoles.keySet()));
            lambdaRoles.put(handler, arn);
        }
        Map<String, String> computeRoles = strict.roles(ProductStack.COMPUTE.stackName(NAMES));
        taskRole = byPrefix(computeRoles, "TaskRole");
        executionRole = byPrefix(computeRoles, "ExecutionRole");
        fixMotoGaps();
        for (String role : allRoles()) {
            credentials.put(role, strict.assume(role, "strict-" + roleName(role).hashCode()));
        }
        strict.enforce();
    }

    /** The deployment, deployed and enforcing on first use. */
    public static synchronized StrictProduct get() {
        if (instance == null) {
            try {
                instance = new StrictProduct();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public StrictIam strict() {
        return strict;
    }

    public Moto moto() {
        return strict.moto();
    }

    /** The synthesized assembly (the templates whose roles are checked). */
    public Path assembly() {
        return assembly;
    }

    /** A value one stack shared through SSM ({@link SharedValue#key()}). */
    public String shared(SharedValue value) {
        String result = shared.get(value.key());
        if (result == null) {
            throw new IllegalStateException("shared value " + value + " was not deployed");
        }
        return result;
    }

    public String lambdaRole(Handler handler) {
        return lambdaRoles.get(handler);
    }

    public String taskRole() {
        return taskRole;
    }

    public String executionRole() {
        return executionRole;
    }

    /** Every role the deployed templates created, as ARNs: the seven functions', the task role, the execution role. */
    public List<String> allRoles() {
        List<String> all = new ArrayList<>(lambdaRoles.values());
        all.add(taskRole);
        all.add(executionRole);
        return all;
    }

    /** The assumed-role credentials of one of {@link #allRoles()}. */
    public AwsCredentialsProvider credentials(String roleArn) {
        return credentials.get(roleArn);
    }

    public static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    private void fixMotoGaps() {
        try (EcsClient ecs = strict.client(EcsClient.builder());
                Ec2Client ec2 = strict.client(Ec2Client.builder())) {
            String subnet = shared(SharedValue.SUBNET_IDS).split(",")[0];
            String vpc = ec2.describeSubnets(b -> b.subnetIds(subnet))
                    .subnets()
                    .get(0)
                    .vpcId();
            ec2.modifyVpcAttribute(b -> b.vpcId(vpc).enableDnsHostnames(v -> v.value(true)));
            // the revision CloudFormation made still says where the agent folder's manifest is
            agentManifest = ecs
                    .describeTaskDefinition(b -> b.taskDefinition(NAMES.taskFamily()))
                    .taskDefinition()
                    .containerDefinitions()
                    .get(0)
                    .environment()
                    .stream()
                    .filter(e -> e.name().equals(Env.OPENCLAW_AGENT_MANIFEST))
                    .map(KeyValuePair::value)
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalStateException("the task definition names no " + Env.OPENCLAW_AGENT_MANIFEST));
            ecs.registerTaskDefinition(b -> b.family(NAMES.taskFamily())
                    .networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("1024")
                    .memory("2048")
                    .taskRoleArn(taskRole)
                    .executionRoleArn(executionRole)
                    .containerDefinitions(c -> c.name(Constants.CONTAINER_NAME)
                            .image("openclaw:strict")
                            .memory(2048)));
            // tasks stay RUNNING until StopTask (moto-capabilities §1)
            strict.moto()
                    .control(
                            "/moto-api/state-manager/set-transition",
                            "{\"model_name\":\"ecs::task\",\"transition\":{\"progression\":\"manual\",\"times\":1000000}}");
        }
    }

    /** {@code s3://<staging bucket>/<key>} of the deployed agent folder's manifest (the task definition's environment). */
    public String agentManifest() {
        return agentManifest;
    }

    /**
     * Records a resource a test asked for with a role only to show the role is refused it; GrantsEqualCallsTest does not
     * count that refusal as a missing grant.
     */
    public void refusedOnPurpose(String resourceArn) {
        refusedOnPurpose.add(resourceArn);
    }

    public Set<String> refusedOnPurpose() {
        return Set.copyOf(refusedOnPurpose);
    }

    /** A small agent folder: an instruction file with the marker and one skill, so the task role's reads are exact keys. */
    private static Path agentFolder(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("workspace"));
        Files.writeString(folder.resolve("workspace/AGENTS.md"), "# Rules\n" + AGENT_MARKER + "\n");
        Files.createDirectories(folder.resolve("skills/strict-skill"));
        Files.writeString(
                folder.resolve("skills/strict-skill/SKILL.md"),
                "---\nname: strict-skill\ndescription: role test\n---\nSay hi.\n");
        return folder;
    }

    private void writeSecret(SsmClient ssm, Secret secret, String value) {
        ssm.putParameter(b -> b.name(secret.parameterName(NAMES))
                .type(ParameterType.SECURE_STRING)
                .value(value)
                .overwrite(true));
    }

    private static String byPrefix(Map<String, String> roles, String prefix) {
        return roles.entrySet().stream()
                .filter(e -> LOGICAL_SUFFIX.matcher(e.getKey()).replaceAll("").equals(prefix))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no role " + prefix + " in " + roles.keySet()));
    }

    /** ApiStack's construct id of a function ({@code ws-connect} → {@code WsConnectFn}). */
    static String constructId(Handler handler) {
        StringBuilder id = new StringBuilder();
        for (String part : handler.suffix().split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Fn";
    }

    private static Path lambdaJar(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("stand-in.txt")); // the code never runs in moto
            zip.write("role tests".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    /** The role name in a recorded call's principal, for matching grants and calls. */
    public static String matchRoleName(String principal) {
        Matcher m = Pattern.compile(":assumed-role/([^/]+)/").matcher(principal);
        return m.find() ? m.group(1) : principal;
    }
}
