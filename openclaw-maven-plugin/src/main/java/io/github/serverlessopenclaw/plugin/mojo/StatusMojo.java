package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import io.github.serverlessopenclaw.plugin.status.BridgeHealth;
import io.github.serverlessopenclaw.plugin.status.CostEstimate;
import io.github.serverlessopenclaw.plugin.status.DeploymentStatus;
import io.github.serverlessopenclaw.plugin.status.UsageReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Shows a deployment: stacks and their states, endpoints, the deployed image digest, which secrets exist
 * (names only), running containers with user and uptime, TaskState rows and the pending messages count, each
 * container's address and whether its bridge answers the health probe (as the Lambdas ask it); then an
 * estimated monthly cost from the last 7 days of use, with the prices it assumes.
 */
@Mojo(name = Goals.STATUS, requiresProject = false, requiresOnline = true, threadSafe = true)
public class StatusMojo extends AbstractOpenClawMojo {
    static final Duration COST_WINDOW = Duration.ofDays(7);

    /** Adds the estimated monthly cost from the last 7 days of use (reads the log groups; off to skip those calls). */
    @Parameter(property = PropertyNames.COST, defaultValue = "true")
    private boolean cost;

    @Override
    protected boolean accountLevel() {
        return true;
    }

    @Override
    protected void run() {
        AwsClients clients = awsClients();
        DeploymentStatus.Report report;
        List<String> bridges;
        try (CloudFormationClient cf = clients.create(CloudFormationClient.builder());
                DynamoDbClient dynamo = clients.create(DynamoDbClient.builder());
                EcsClient ecs = clients.create(EcsClient.builder());
                SecretsService secrets = new SecretsService(clients, appNames())) {
            report = new DeploymentStatus(appNames(), cf, dynamo, ecs, secrets::presentSecrets, Clock.systemUTC())
                    .read();
            bridges = bridges(dynamo);
        }
        getLog().info("openclaw status (" + appName + ", " + clients.region().id() + ")");
        report.lines().forEach(getLog()::info);
        bridges.forEach(getLog()::info);
        if (cost) {
            costEstimate(clients).forEach(getLog()::info);
        }
    }

    /** Each container's address and its bridge's answer to the Lambdas' health probe. */
    private List<String> bridges(DynamoDbClient dynamo) {
        BridgeHealth health = new BridgeHealth(Constants.BRIDGE_PORT, Duration.ofSeconds(5));
        try {
            return health.lines(BridgeHealth.fromTaskState(dynamo, appNames().table(Table.TASK_STATE)));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return List.of("Bridges", "  (not deployed)");
        }
    }

    /** The estimate, or one line saying why there is none (nothing deployed to price). */
    private List<String> costEstimate(AwsClients clients) {
        try (EcsClient ecs = clients.create(EcsClient.builder());
                CloudWatchLogsClient logs = clients.create(CloudWatchLogsClient.builder());
                S3Client s3 = clients.create(S3Client.builder())) {
            Optional<CostEstimate.Fargate> size;
            try {
                size = UsageReader.fargate(ecs, appNames());
            } catch (software.amazon.awssdk.services.ecs.model.EcsException e) {
                return List.of("Estimated monthly cost: (no task definition deployed, nothing to price)");
            }
            if (size.isEmpty()) {
                return List.of("Estimated monthly cost: (the task definition names no Fargate size, nothing to price)");
            }
            CostEstimate.Fargate fargate = size.get();
            long s3Bytes = DeployedOutputs.read(clients, appNames())
                    .get(OutputKey.DataBucket)
                    .map(bucket -> UsageReader.bucketBytes(s3, bucket))
                    .orElse(0L);
            CostEstimate.Usage usage = new UsageReader(logs, appNames()).read(Instant.now(), COST_WINDOW, s3Bytes);
            return new CostEstimate(CostEstimate.Prices.usEast1()).report(fargate, usage);
        }
    }
}
