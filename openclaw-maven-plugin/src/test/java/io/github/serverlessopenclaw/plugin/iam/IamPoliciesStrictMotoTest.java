package io.github.serverlessopenclaw.plugin.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployLogs;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Destroyer;
import io.github.serverlessopenclaw.plugin.deploy.Differ;
import io.github.serverlessopenclaw.plugin.deploy.RoleClients;
import io.github.serverlessopenclaw.plugin.doctor.Check;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import io.github.serverlessopenclaw.plugin.fixtures.SeededDeployment;
import io.github.serverlessopenclaw.plugin.image.EcrRepository;
import io.github.serverlessopenclaw.plugin.image.ImageRepository;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import io.github.serverlessopenclaw.plugin.logs.DeploymentLogs;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.pipeline.AwsDeployServices;
import io.github.serverlessopenclaw.plugin.pipeline.DeployPipeline;
import io.github.serverlessopenclaw.plugin.pipeline.StepResult;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.secrets.SecretsOptions;
import io.github.serverlessopenclaw.plugin.secrets.SecretsReport;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import io.github.serverlessopenclaw.plugin.state.ResetRequest;
import io.github.serverlessopenclaw.plugin.state.ResetRow;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import io.github.serverlessopenclaw.plugin.state.TaskStateRow;
import io.github.serverlessopenclaw.plugin.state.TaskStateTable;
import io.github.serverlessopenclaw.plugin.status.DeploymentStatus;
import io.github.serverlessopenclaw.plugin.status.UsageReader;
import io.github.serverlessopenclaw.plugin.telegram.TelegramStub;
import io.github.serverlessopenclaw.plugin.telegram.TelegramWebhook;
import io.github.serverlessopenclaw.plugin.telegram.WebhookInfo;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.plugin.users.UserData;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import io.github.serverlessopenclaw.testing.Moto;
import io.github.serverlessopenclaw.testing.StrictIam;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The shipped least-privilege policies, proven on the strict moto (IAM enforcement on, see
 * scripts/moto/openclaw_moto/strict_iam.py): a user holding exactly {@code docs/iam/deployer-policy.json} runs
 * the whole {@code openclaw:deploy} pipeline (bootstrap of a fresh account, secrets, image, synth, stacks, web,
 * containers, outputs), a second deploy with a new image and changed web files, and {@code destroy}; a user
 * holding exactly {@code docs/iam/operator-policy.json} runs every day-two goal's service. Then it shows that
 * the enforcement bites (one action removed: the run fails naming it; another app's secret: refused) and that
 * every action the policies grant was used by these runs, except those listed in {@link #NOT_OBSERVABLE}.
 *
 * <p>What the strict moto checks: the action of every call, and the resource ARN for S3, SSM parameters,
 * DynamoDB tables, ECS tasks and STS roles (other services by action only). Not checked: Condition blocks
 * (the {@code ecs:cluster} condition on ListTasks), the calls CloudFormation makes with the caller's credentials
 * while it creates the toolkit (moto's CloudFormation creates resources without IAM), KMS on a customer key,
 * the ECR registry protocol (moto has no registry: the image's manifest goes in through PutImage here, a
 * stand-in for Jib's push, which on AWS needs the layer-upload actions of the same policy statement).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IamPoliciesStrictMotoTest {
    private static final String APP = "iam-proof";
    private static final String QUALIFIER = StackConfig.DEFAULT_QUALIFIER;
    private static final String ACCOUNT = "123456789012";
    private static final String ANTHROPIC_KEY = "sk-ant-iam-proof-0123456789abcdef0123456789abcdef";
    private static final String BOT_TOKEN = "424242:AAHiamProofToken0123456789abcdefghi";

    /**
     * Actions of deployer-policy.json that these runs cannot observe on moto, each with the reason. Any other
     * action the policy holds must be used by a run, so a grant nobody needs fails this test.
     */
    static final Map<String, String> NOT_OBSERVABLE = notObservable();

    private static Map<String, String> notObservable() {
        Map<String, String> reasons = new TreeMap<>();
        String byCloudFormation =
                "called by CloudFormation with the caller's credentials while it creates or updates the"
                        + " toolkit stack (bootstrap has no execution role yet); moto's CloudFormation creates resources without IAM";
        for (String action : List.of(
                "s3:CreateBucket",
                "s3:GetBucket*",
                "s3:PutBucketVersioning",
                "s3:PutBucketPublicAccessBlock",
                "s3:PutBucketPolicy",
                "s3:DeleteBucketPolicy",
                "s3:GetEncryptionConfiguration",
                "s3:PutEncryptionConfiguration",
                "s3:GetLifecycleConfiguration",
                "s3:PutLifecycleConfiguration",
                "s3:PutBucketTagging",
                "ecr:CreateRepository",
                "ecr:DescribeRepositories",
                "ecr:PutImageTagMutability",
                "ecr:PutImageScanningConfiguration",
                "ecr:PutLifecyclePolicy",
                "ecr:GetLifecyclePolicy",
                "ecr:SetRepositoryPolicy",
                "ecr:GetRepositoryPolicy",
                "ecr:TagResource",
                "ecr:ListTagsForResource",
                "iam:CreateRole",
                "iam:GetRole",
                "iam:DeleteRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:PutRolePolicy",
                "iam:GetRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:ListRolePolicies",
                "iam:TagRole",
                "iam:UntagRole",
                "ssm:GetParameters",
                "ssm:DeleteParameter",
                "ssm:AddTagsToResource",
                "ssm:RemoveTagsFromResource")) {
            reasons.put(action, byCloudFormation);
        }
        String registry = "the Docker registry protocol of ECR (Jib's push); moto has no registry";
        for (String action : List.of(
                "ecr:BatchCheckLayerAvailability",
                "ecr:InitiateLayerUpload",
                "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload")) {
            reasons.put(action, registry);
        }
        reasons.put(
                "cloudformation:DeleteChangeSet",
                "only when the toolkit's change set is empty (a template that differs"
                        + " only in text); the toolkit here is either new or unchanged");
        reasons.put("cloudformation:DeleteStack", "only to recreate a toolkit stack left from a failed create");
        return reasons;
    }

    @TempDir
    static Path work;

    static StrictIam strict;
    static PolicyUser deployer;
    static PolicyUser operator;
    static Path lambdaJar;
    static Path webDirectory;
    static Path assembly;

    private final DeployLogs.Collecting log = new DeployLogs.Collecting();

    @BeforeAll
    static void usersFromTheShippedPolicies() throws Exception {
        strict = StrictIam.open(); // one strict session at a time in this JVM: its IAM switch is global
        deployer = PolicyUser.create(strict.moto(), "iam-deployer", policy("deployer-policy.json", APP));
        operator = PolicyUser.create(strict.moto(), "iam-operator", policy("operator-policy.json", APP));
        lambdaJar = tinyJar(work.resolve("lambdas.jar"));
        webDirectory = Files.createDirectories(work.resolve("web"));
        Files.createDirectories(webDirectory.resolve("assets"));
        Files.writeString(webDirectory.resolve("index.html"), "<html><body>v1</body></html>");
        Files.writeString(webDirectory.resolve("assets/app-3f2a1b.js"), "console.log('v1')");
        assembly = work.resolve("cdk.out");
        SeededDeployment.keepTasksRunning(endpoint());
    }

    @AfterAll
    static void closeTheSession() {
        if (strict != null) {
            SeededDeployment.restoreTaskTransitions(endpoint());
            strict.close();
        }
    }

    private static java.net.URI endpoint() {
        return strict.moto().endpoint();
    }

    /** The IAM actions a principal was allowed, from the decisions the strict mode recorded. */
    private static Set<String> allowedActions(String principal) {
        return strict.calls().stream()
                .filter(c -> c.principal().equals(principal) && c.allowed())
                .map(StrictIam.IamCall::action)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Refused calls made with the credentials of the toolkit's roles (the engine assumes them), from the {@code from}th call on. */
    private static List<String> deniedToToolkitRoles(int from) {
        List<StrictIam.IamCall> calls = strict.calls();
        return calls.subList(Math.min(from, calls.size()), calls.size()).stream()
                .filter(c -> c.role().startsWith("cdk-" + QUALIFIER + "-") && !c.allowed())
                .map(StrictIam.IamCall::toString)
                .toList();
    }

    /** Every refused call of a principal. */
    private static List<String> denied(String principal) {
        return strict.calls().stream()
                .filter(c -> c.principal().equals(principal) && !c.allowed())
                .map(StrictIam.IamCall::toString)
                .toList();
    }

    static String policy(String file, String app) {
        return PolicyUser.substituted(
                file,
                Map.of(
                        "ACCOUNT",
                        ACCOUNT,
                        "REGION",
                        Moto.REGION.id(),
                        "APP",
                        app,
                        "QUALIFIER",
                        QUALIFIER,
                        "TOOLKIT",
                        Bootstrapper.toolkitStackName(QUALIFIER)));
    }

    @Test
    @Order(1)
    void theDeployerPolicyDeploysAFreshAccount() {
        strict.enforce();
        DeployPipeline.Result result = deploy(deployer, APP, "v1");

        assertThat(steps(result))
                .containsEntry("bootstrap", true)
                .containsEntry("secrets", true)
                .containsEntry("image", true)
                .containsEntry("stacks", true)
                .containsEntry("web", true);
        assertThat(result.outputs().get(OutputKey.SiteBucket)).isPresent();
        assertThat(denied(deployer.arn(ACCOUNT)))
                .as("refused calls of the deployer")
                .isEmpty();
        assertThat(deniedToToolkitRoles(0))
                .as("refused calls of the toolkit's roles")
                .isEmpty();
    }

    @Test
    @Order(2)
    void aNewImageAndChangedWebFilesStopTheOldContainerAndInvalidateTheCache() throws Exception {
        strict.relax(); // seeding a container on the old image is the test's set-up, not the deployer's
        SeededDeployment seeded = new SeededDeployment(endpoint(), APP).prepareNetwork();
        String oldTask;
        try (EcsClient ecs = seeded.client(EcsClient.builder())) {
            String current = ecs.describeTaskDefinition(b -> b.taskDefinition(APP))
                    .taskDefinition()
                    .containerDefinitions()
                    .get(0)
                    .image();
            oldTask = seeded.runTask("bob", seeded.registerTaskDefinition(current.substring(current.indexOf('@') + 1)));
        }
        seeded.putRow("bob", "Running", oldTask, Instant.now().minusSeconds(600));
        // a new web build: index.html changed, the hashed bundle renamed (the old one is deleted from the bucket)
        Files.writeString(webDirectory.resolve("index.html"), "<html><body>v2</body></html>");
        Files.move(webDirectory.resolve("assets/app-3f2a1b.js"), webDirectory.resolve("assets/app-9c8d7e.js"));
        strict.enforce();

        DeployPipeline.Result result = deploy(deployer, APP, "v2");
        // diff's change sets (create, describe, delete) through the deploy role, as the deployer runs it
        List<Differ.StackDiff> diffs = new Differ(deployer.clients(), log).diff(assembly, Set.of());

        strict.relax();
        assertThat(diffs)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.source()).as(d.stackName()).isEqualTo(Differ.Source.CHANGE_SET));
        assertThat(steps(result))
                .containsEntry("bootstrap", false)
                .containsEntry("image", true)
                .containsEntry("containers", true);
        assertThat(log.lines())
                .anySatisfy(l -> assertThat(l)
                        .contains(DeployPipeline.label("web") + " ")
                        .contains("1 deleted")
                        .contains("invalidation"));
        assertThat(seeded.lastStatus(oldTask)).isEqualTo("STOPPED");
        assertThat(seeded.rowUsers()).doesNotContain("bob");
        assertThat(denied(deployer.arn(ACCOUNT)))
                .as("refused calls of the deployer")
                .isEmpty();
        assertThat(deniedToToolkitRoles(0))
                .as("refused calls of the toolkit's roles")
                .isEmpty();
        // the redeploy's skip check compares the stacks' SSM-typed parameters with the deploy role
        assertThat(strict.calls())
                .as("the deploy role read the stacks' hand-over values")
                .anySatisfy(c -> assertThat(c.role() + " " + c.action() + " " + c.resource())
                        .startsWith("cdk-" + QUALIFIER + "-deploy-role-" + ACCOUNT + "-" + Moto.REGION.id()
                                + " ssm:GetParameter")
                        .contains(":parameter/" + APP + "/shared/"));
    }

    @Test
    @Order(3)
    void theOperatorPolicyRunsEveryDayTwoGoal() throws Exception {
        strict.relax();
        SeededDeployment seeded = new SeededDeployment(endpoint(), APP).prepareNetwork();
        // moto cannot run the deployed task definition (no container-level memory): a revision of the same family that
        // it can
        String stuck = seeded.runTask("dave", seeded.registerTaskDefinition(SeededDeployment.IMAGE_DIGEST));
        seeded.putRow("dave", "Starting", stuck, Instant.now().minusSeconds(3600));
        seeded.putRow("carol", "Idle", null, Instant.now().minusSeconds(60));
        strict.enforce();
        AwsClients aws = operator.clients();
        AppNames names = new AppNames(APP);

        // outputs, status
        DeployedOutputs outputs = DeployedOutputs.read(aws, names);
        assertThat(outputs.get(OutputKey.UserPoolId)).isPresent();
        DeploymentStatus.Report status;
        try (CloudFormationClient cf = aws.create(CloudFormationClient.builder());
                DynamoDbClient dynamo = aws.create(DynamoDbClient.builder());
                EcsClient ecs = aws.create(EcsClient.builder());
                SecretsService secrets = new SecretsService(aws, names)) {
            status = new DeploymentStatus(names, cf, dynamo, ecs, secrets::presentSecrets, Clock.systemUTC()).read();
        }
        assertThat(status.containers())
                .hasValueSatisfying(
                        c -> assertThat(c).anySatisfy(x -> assertThat(x.user()).isEqualTo("dave")));
        assertThat(status.secrets()).contains(Secret.ANTHROPIC_API_KEY.secretName());

        // status -Dopenclaw.cost (as StatusMojo): the Fargate size (cluster, task definition), the data bucket's bytes,
        // 7 days of logs
        try (EcsClient ecs = aws.create(EcsClient.builder());
                S3Client s3 = aws.create(S3Client.builder());
                CloudWatchLogsClient logs = aws.create(CloudWatchLogsClient.builder())) {
            UsageReader.fargate(
                    ecs, names); // moto's CloudFormation drops the task size: empty here, the calls are what counts
            long s3Bytes = UsageReader.bucketBytes(s3, outputs.require(OutputKey.DataBucket));
            assertThat(new UsageReader(logs, names)
                            .read(Instant.now(), Duration.ofDays(7), s3Bytes)
                            .s3Bytes())
                    .isEqualTo(s3Bytes);
        }

        // logs -Dopenclaw.email (as LogsMojo): the user's container from TaskState, then its stream and the Lambdas'
        // lines
        try (DynamoDbClient dynamo = aws.create(DynamoDbClient.builder());
                CloudWatchLogsClient logs = aws.create(CloudWatchLogsClient.builder())) {
            List<String> taskIds = new TaskStateTable(dynamo, names.table(Table.TASK_STATE))
                            .get("dave")
                            .flatMap(TaskStateRow::taskArn)
                            .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                            .stream()
                            .toList();
            assertThat(taskIds).hasSize(1);
            new DeploymentLogs(logs)
                    .read(
                            DeploymentLogs.sources(names, List.of(), Optional.of("dave"), taskIds),
                            Instant.now().minus(Duration.ofMinutes(15)),
                            Instant.now());
        }

        // doctor: every AWS line readable with these credentials
        List<Check> checks = new Doctor()
                .run(new Doctor.Inputs(
                        System.getProperty("java.version"), "3.9.9", System.getenv("PATH"), () -> aws, names));
        assertThat(checks)
                .filteredOn(c -> List.of("AWS account", "bootstrap", "secrets").contains(c.name()))
                .allSatisfy(c -> assertThat(c.failed() || c.line().contains("could not"))
                        .as(c.line())
                        .isFalse());

        // secrets: rotate a generated token
        try (SecretsService secrets = new SecretsService(aws, names)) {
            SecretsReport report = secrets.apply(
                    SecretsOptions.parse(true, "", null, Secret.OPENCLAW_GATEWAY_TOKEN.secretName()),
                    SecretSources.none(),
                    log);
            assertThat(report.written()).isEqualTo(1L);
        }

        // user-create, user-list, user-delete (as UserDeleteMojo: sessions, Telegram link, container, data, then the
        // user)
        try (CognitoUsers users = CognitoUsers.forDeployment(aws, outputs)) {
            String sub = users.create("alice@example.com", "Alice-Pass-2024!").sub();
            assertThat(users.list()).anySatisfy(u -> assertThat(u.email()).isEqualTo("alice@example.com"));
            // user-password (temporary): the policy checked, the password set, every session signed out
            assertThat(users.setPassword(users.requireForPassword("alice@example.com"), "Alice-Pass-2025!", false)
                            .status())
                    .isEqualTo("FORCE_CHANGE_PASSWORD");
            strict.relax();
            seedUserData(seeded, names, sub, outputs.require(OutputKey.DataBucket));
            strict.enforce();
            UserData.Deleted deleted;
            try (StateReconciler containers = StateReconciler.forDeployment(aws, names, outputs);
                    DynamoDbClient dynamo = aws.create(DynamoDbClient.builder());
                    S3Client s3 = aws.create(S3Client.builder());
                    ApiGatewayManagementApiClient api = aws.create(ApiGatewayManagementApiClient.builder())) {
                deleted = new UserData(
                                dynamo,
                                s3,
                                Optional.of(api),
                                containers,
                                names,
                                outputs.require(OutputKey.DataBucket),
                                Clock.systemUTC())
                        .delete(sub);
            }
            assertThat(deleted.connections()).isEqualTo(1);
            assertThat(deleted.telegramLinks()).isEqualTo(1);
            assertThat(deleted.pendingMessages()).isEqualTo(1);
            assertThat(deleted.conversationItems()).isEqualTo(1);
            assertThat(deleted.workspaceFiles()).isEqualTo(1);
            users.delete("alice@example.com");
            assertThat(users.find("alice@example.com")).isEmpty();
        }

        // telegram: the webhook registered with the secret read from SSM
        try (TelegramStub telegram = new TelegramStub();
                SsmClient ssm = aws.create(SsmClient.builder())) {
            String endpoint = outputs.require(OutputKey.HttpApiEndpoint);
            telegram.answer("setWebhook", 200, "{\"ok\":true,\"result\":true}")
                    .answer(
                            "getWebhookInfo",
                            200,
                            "{\"ok\":true,\"result\":{\"url\":\"" + TelegramWebhook.webhookUrl(endpoint)
                                    + "\",\"pending_update_count\":0}}");
            WebhookInfo info = new TelegramWebhook(
                            HttpClient.newHttpClient(),
                            TelegramWebhook.apiBase(telegram.base().toString()),
                            ssm,
                            names)
                    .register(endpoint);
            assertThat(info.url()).isEqualTo(TelegramWebhook.webhookUrl(endpoint));
            assertThat(telegram.requests().get(0).path()).isEqualTo("/bot" + BOT_TOKEN + "/setWebhook");
        }

        // reset-state: a row without a task is cleared, a container stuck in Starting is stopped
        List<ResetRow> rows;
        try (StateReconciler reconciler = StateReconciler.forDeployment(aws, names, outputs)) {
            rows = reconciler.reset(ResetRequest.reconcile());
        }
        assertThat(rows).anySatisfy(r -> assertThat(r.user() + " " + r.action()).isEqualTo("carol DELETE_ROW"));
        assertThat(rows)
                .anySatisfy(r -> assertThat(r.user() + " " + r.action()).isEqualTo("dave STOP_TASK_DELETE_ROW"));
        strict.relax();
        assertThat(seeded.lastStatus(stuck)).isEqualTo("STOPPED");
        assertThat(denied(operator.arn(ACCOUNT)))
                .as("refused calls of the operator")
                .isEmpty();
    }

    @Test
    @Order(4)
    void theEnforcementBitesAnActionLessAndAnotherAppsSecretAreRefused() {
        strict.relax();
        PolicyUser withoutDelete = PolicyUser.create(
                strict.moto(),
                "iam-operator-no-delete",
                PolicyUser.without(policy("operator-policy.json", APP), "dynamodb:DeleteItem"));
        SeededDeployment seeded = new SeededDeployment(endpoint(), APP);
        seeded.putRow("erin", "Idle", null, Instant.now().minusSeconds(60));
        strict.enforce();
        AppNames names = new AppNames(APP);

        DeployedOutputs outputs = DeployedOutputs.read(withoutDelete.clients(), names);
        assertThatThrownBy(() -> {
                    try (StateReconciler reconciler =
                            StateReconciler.forDeployment(withoutDelete.clients(), names, outputs)) {
                        reconciler.reset(ResetRequest.reconcile());
                    }
                })
                .hasMessageContaining("is not authorized to perform: dynamodb:DeleteItem")
                .hasMessageContaining("table/" + APP + "-TaskState");

        // the toolkit's deploy role, assumed as the engine does, reads no secret and deletes no object of the app
        String deployRole = "arn:aws:iam::" + ACCOUNT + ":role/cdk-" + QUALIFIER + "-deploy-role-" + ACCOUNT + "-"
                + Moto.REGION.id();
        try (RoleClients roles = new RoleClients(deployer.clients())) {
            SsmClient ssm = roles.ssm(Optional.of(deployRole), Moto.REGION.id());
            assertThatThrownBy(() ->
                            ssm.getParameter(b -> b.name(names.secretParameter(Secret.ANTHROPIC_API_KEY.secretName()))
                                    .withDecryption(true)))
                    .hasMessageContaining("is not authorized to perform: ssm:GetParameter");
            S3Client s3 = roles.s3(Optional.of(deployRole), Moto.REGION.id());
            String site = outputs.require(OutputKey.SiteBucket);
            assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket(site).key("index.html")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }

        // the operator of one app cannot read another app's secrets (resource scoping, not only actions)
        try (SecretsService other = new SecretsService(operator.clients(), new AppNames("other-app"))) {
            assertThatThrownBy(() -> other.apply(
                            SecretsOptions.ensure(false, Set.of(), Optional.empty()), SecretSources.none(), log))
                    .hasMessageContaining("ssm:GetParameter")
                    .hasMessageContaining("parameter/other-app/secrets/");
        }
        strict.relax();
        assertThat(seeded.rowUsers()).contains("erin");
        try (S3Client s3 = seeded.client(S3Client.builder().forcePathStyle(true))) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(outputs.require(OutputKey.SiteBucket))
                                    .key("index.html"))
                            .asUtf8String())
                    .contains("v2");
        }
    }

    @Test
    @Order(5)
    void aDeployerWithoutPutParameterFailsNamingIt() {
        strict.relax();
        String app = "iam-refused";
        PolicyUser refused = PolicyUser.create(
                strict.moto(),
                "iam-deployer-no-put",
                PolicyUser.without(policy("deployer-policy.json", app), "ssm:PutParameter"));
        strict.enforce();

        assertThatThrownBy(() -> deploy(refused, app, "v1"))
                .hasMessageContaining("is not authorized to perform: ssm:PutParameter")
                .hasMessageContaining("parameter/" + app + "/secrets/");
        assertThat(log.lines())
                .anyMatch(l -> l.startsWith(DeployPipeline.label("secrets") + " ") && l.contains("FAILED"));
        assertThat(log.lines()).noneMatch(l -> l.contains(DeployPipeline.label("image")));
    }

    @Test
    @Order(6)
    void theDeployerPolicyDestroysTheApp() {
        int from = strict.calls().size(); // the refusals the test above provoked on purpose come before
        strict.enforce();
        DeployReport report = new Destroyer(deployer.clients(), log)
                .destroy(assembly, DeployOptions.defaults(), Destroyer.Extras.NONE);

        assertThat(report.succeeded()).as(String.join("\n", log.lines())).isTrue();
        strict.relax();
        assertThat(denied(deployer.arn(ACCOUNT)))
                .as("refused calls of the deployer")
                .isEmpty();
        assertThat(deniedToToolkitRoles(from))
                .as("refused calls of the toolkit's roles")
                .isEmpty();
    }

    @Test
    @Order(7)
    void everyGrantedActionWasUsed() {
        Set<String> deployerUsed = allowedActions(deployer.arn(ACCOUNT));
        Set<String> deployerUnused = new TreeSet<>(PolicyUser.actions(policy("deployer-policy.json", APP)));
        deployerUnused.removeAll(deployerUsed);
        deployerUnused.removeAll(NOT_OBSERVABLE.keySet());
        assertThat(deployerUnused)
                .as("deployer-policy.json grants these, no run used them")
                .isEmpty();
        assertThat(NOT_OBSERVABLE.keySet())
                .as("listed as not observable, but a run used them")
                .doesNotContainAnyElementsOf(deployerUsed);

        Set<String> operatorUnused = new TreeSet<>(PolicyUser.actions(policy("operator-policy.json", APP)));
        operatorUnused.removeAll(allowedActions(operator.arn(ACCOUNT)));
        assertThat(operatorUnused)
                .as("operator-policy.json grants these, no run used them")
                .isEmpty();
        System.out.println("deployer used: " + deployerUsed);
        System.out.println("operator used: " + allowedActions(operator.arn(ACCOUNT)));
    }

    // --- the deploy goal's pipeline, as DeployMojo builds it, signed as one user
    // ----------------------------------------

    private DeployPipeline.Result deploy(PolicyUser user, String app, String imageTag) {
        AppNames names = new AppNames(app);
        AwsClients aws = user.clients();
        Supplier<StackConfig.Builder> config =
                () -> StackConfig.builder(names, lambdaJar).telegram(true);
        DeployPipeline.Request request = DeployPipeline.Request.builder()
                .preflight(new Doctor.Inputs(
                        System.getProperty("java.version"), "3.9.9", System.getenv("PATH"), () -> aws, names))
                .configured(config.get().build())
                .withImage(image -> config.get().image(image).build())
                .secrets(SecretsOptions.ensure(true, Set.of("anthropic"), Optional.empty()))
                .secretSources(new SecretSources(
                        Map.of(),
                        Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY, "TELEGRAM_BOT_TOKEN", BOT_TOKEN),
                        Map.of(),
                        Optional.empty()))
                .assemblyDirectory(assembly)
                .web(WebAssets.fromDirectory(webDirectory))
                .telegramBotName(Optional.of("iam_proof_bot"))
                .outputsFile(work.resolve(app + "-outputs.json"))
                .build();
        return new DeployPipeline(new AwsDeployServices(aws, log, () -> pushImage(aws, imageTag)), log).run(request);
    }

    /**
     * The image step's calls to ECR as ImagePublisher makes them (login, is it there, its layers); moto has no
     * registry for Jib, so the manifest goes in with PutImage, the action ECR authorizes for a registry push too.
     */
    private static PublishedImage pushImage(AwsClients aws, String tag) {
        try (EcrRepository repository = new EcrRepository(aws, Optional.empty(), QUALIFIER)) {
            Optional<String> existing = repository.existingDigest(tag);
            String digest = existing.orElseGet(() -> {
                String layer = "sha256:" + sha256(tag);
                String manifest =
                        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":2,\"digest\":\""
                                + layer
                                + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                                + "\"size\":2,\"digest\":\"" + layer + "\"}]}";
                try (EcrClient ecr = aws.create(EcrClient.builder())) {
                    return ecr.putImage(b -> b.repositoryName(repository.repository())
                                    .imageTag(tag)
                                    .imageManifest(manifest))
                            .image()
                            .imageId()
                            .imageDigest();
                }
            });
            List<ImageRepository.Blob> layers = repository.layers(tag);
            assertThat(layers).isNotEmpty();
            return new PublishedImage(repository.imageName(), tag, digest, "arm64", existing.isEmpty(), List.of());
        }
    }

    /** What a user leaves behind: an open connection, a linked Telegram account, a conversation, a pending message, a backup. */
    private static void seedUserData(SeededDeployment seeded, AppNames names, String sub, String dataBucket) {
        String telegram = Protocol.TELEGRAM_CONNECTION_PREFIX + "777";
        try (DynamoDbClient dynamo = seeded.client(DynamoDbClient.builder());
                S3Client s3 = seeded.client(S3Client.builder().forcePathStyle(true))) {
            dynamo.putItem(b -> b.tableName(names.table(Table.CONNECTIONS))
                    .item(Map.of(
                            Constants.PK, AttributeValue.fromS(Constants.CONNECTION_PREFIX + "conn-alice"),
                            Protocol.FIELD_USER_ID, AttributeValue.fromS(sub),
                            Constants.CONNECTED_AT,
                                    AttributeValue.fromS(Instant.now().toString())))); // the by-user index's sort key
            dynamo.putItem(b -> b.tableName(names.table(Table.SETTINGS))
                    .item(Map.of(
                            Constants.PK,
                            AttributeValue.fromS(Constants.USER_PREFIX + sub),
                            Constants.SK,
                            AttributeValue.fromS(Constants.LINKED_TELEGRAM_SETTING),
                            "value",
                            AttributeValue.fromM(Map.of("telegramUserId", AttributeValue.fromS("777"))))));
            dynamo.putItem(b -> b.tableName(names.table(Table.SETTINGS))
                    .item(Map.of(
                            Constants.PK,
                            AttributeValue.fromS(Constants.USER_PREFIX + telegram),
                            Constants.SK,
                            AttributeValue.fromS(Constants.LINKED_COGNITO_SETTING),
                            "value",
                            AttributeValue.fromM(Map.of("cognitoUserId", AttributeValue.fromS(sub))))));
            dynamo.putItem(b -> b.tableName(names.table(Table.CONVERSATIONS))
                    .item(Map.of(
                            Constants.PK, AttributeValue.fromS(Constants.USER_PREFIX + sub),
                            Constants.SK, AttributeValue.fromS("MSG#1"))));
            s3.putObject(
                    b -> b.bucket(dataBucket).key(Constants.WORKSPACE_PREFIX + sub + "/MEMORY.md"),
                    RequestBody.fromString("remember"));
        }
        seeded.putPendingMessage(sub, 1L);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Boolean> steps(DeployPipeline.Result result) {
        Map<String, Boolean> wrote = new HashMap<>();
        for (StepResult step : result.steps()) {
            wrote.put(step.name(), step.wrote());
        }
        return wrote;
    }

    private static Path tinyJar(Path file) throws Exception {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("io/github/serverlessopenclaw/lambdas/README.txt"));
            zip.write("stand-in for the runtime-lambdas jar".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
