package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Table;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.logs.DeploymentLogs;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.state.TaskStateRow;
import io.github.serverlessopenclaw.plugin.state.TaskStateTable;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployment's logs without the console: the containers' and the Lambdas' log groups merged in time order,
 * for the last {@code openclaw.minutes}, optionally only some sources ({@code openclaw.function}) or one user
 * ({@code openclaw.email}: their container, and the Lambda lines naming their id). {@code -Dopenclaw.follow}
 * keeps polling for new lines until Ctrl-C.
 */
@Mojo(name = Goals.LOGS, requiresProject = false, requiresOnline = true, threadSafe = true)
public class LogsMojo extends AbstractOpenClawMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    /** Which logs: {@code container} and/or Lambda names ({@code ws-message}, ...), comma separated; all by default. */
    @Parameter(property = PropertyNames.FUNCTION)
    private String function;

    /** Only this user's logs: their container and the Lambda lines that name their id. */
    @Parameter(property = PropertyNames.EMAIL)
    private String email;

    /** How far back, in minutes. */
    @Parameter(property = PropertyNames.MINUTES, defaultValue = "15")
    private int minutes;

    /** Keep showing new lines (polling every 2 s) until interrupted. */
    @Parameter(property = PropertyNames.FOLLOW, defaultValue = "false")
    private boolean follow;

    /** Tests stop a follow after this many polls; null (the goal) follows until interrupted. */
    private Integer followPolls;

    @Override
    protected void run() {
        if (minutes < 1) {
            throw new ConfigurationException(PropertyNames.MINUTES + " must be at least 1 (got " + minutes + ")");
        }
        List<String> selected = split(function, ",");
        DeploymentLogs.sources(
                appNames(), selected, Optional.empty(), List.of()); // an unknown name fails before any call
        AwsClients clients = awsClients();
        Optional<String> userId = Optional.empty();
        List<String> taskIds = List.of();
        if (email != null && !email.isBlank()) {
            try (CognitoUsers users = CognitoUsers.forDeployment(clients, DeployedOutputs.read(clients, appNames()));
                    DynamoDbClient dynamo = clients.create(DynamoDbClient.builder())) {
                CognitoUser user = users.require(email);
                userId = Optional.of(user.sub());
                Optional<TaskStateRow> row =
                        new TaskStateTable(dynamo, appNames().table(Table.TASK_STATE)).get(user.sub());
                taskIds =
                        row.flatMap(TaskStateRow::taskArn).map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).stream()
                                .toList();
            }
        }
        List<DeploymentLogs.Source> sources = DeploymentLogs.sources(appNames(), selected, userId, taskIds);
        Instant from = Instant.now().minus(Duration.ofMinutes(minutes));
        try (CloudWatchLogsClient client = clients.create(CloudWatchLogsClient.builder())) {
            DeploymentLogs logs = new DeploymentLogs(client);
            getLog().info("Logs of " + appName + " since " + from + " ("
                    + String.join(
                            ", ",
                            sources.stream().map(DeploymentLogs.Source::label).toList()) + ")"
                    + userId.map(id -> " for user " + email.trim() + " (sub " + id + ")")
                            .orElse("") + (follow ? "; following, Ctrl-C to stop" : ""));
            if (userId.isPresent() && taskIds.isEmpty()) {
                getLog().info("  " + email.trim() + " has no container on record: only the Lambda lines naming them");
            }
            if (!follow) {
                List<DeploymentLogs.Line> lines =
                        logs.read(sources, from, Instant.now().plusMillis(1));
                lines.forEach(l -> getLog().info(l.text()));
                if (lines.isEmpty()) {
                    getLog().info("No log lines in the last " + minutes + " minute(s); more with "
                            + PropertyNames.flag(PropertyNames.MINUTES, 60));
                }
                return;
            }
            int[] polls = {0};
            BooleanSupplier more = () -> followPolls == null || ++polls[0] < followPolls;
            logs.follow(
                    sources,
                    from,
                    DeploymentLogs.FOLLOW_EVERY,
                    new DeploymentLogs.Ticker() {
                        @Override
                        public Instant now() {
                            return Instant.now();
                        }

                        @Override
                        public void pause(Duration duration) {
                            try {
                                Thread.sleep(followPolls == null ? duration.toMillis() : 0);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new ConfigurationException("Interrupted");
                            }
                        }
                    },
                    more,
                    l -> getLog().info(l.text()));
        }
    }
}
