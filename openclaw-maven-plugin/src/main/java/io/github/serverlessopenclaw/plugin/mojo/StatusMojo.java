package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.secrets.SecretsService;
import io.github.serverlessopenclaw.plugin.status.DeploymentStatus;
import java.time.Clock;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Shows a deployment: stacks and their states, endpoints, the deployed image digest, which secrets exist
 * (names only), running containers with user and uptime, TaskState rows and the pending messages count.
 */
@Mojo(name = Goals.STATUS, requiresProject = false, requiresOnline = true, threadSafe = true)
public class StatusMojo extends AbstractOpenClawMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    @Override
    protected void run() {
        AwsClients clients = awsClients();
        DeploymentStatus.Report report;
        try (CloudFormationClient cf = clients.create(CloudFormationClient.builder());
                DynamoDbClient dynamo = clients.create(DynamoDbClient.builder());
                EcsClient ecs = clients.create(EcsClient.builder());
                SecretsService secrets = new SecretsService(clients, appNames())) {
            report = new DeploymentStatus(appNames(), cf, dynamo, ecs, secrets::presentSecrets, Clock.systemUTC()).read();
        }
        getLog().info("openclaw status (" + appName + ", " + clients.region().id() + ")");
        report.lines().forEach(getLog()::info);
    }
}
