package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.plugin.users.UserData;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deletes a user and everything the deployment keeps about them: their sessions end (open WebSocket connections
 * closed, still valid tokens refused), their container stops, and their Telegram links, pending messages,
 * history, settings and workspace backup are deleted; then the Cognito user. Says what it deleted. An unknown
 * email fails and changes nothing. In a terminal it asks first (type the email); in batch mode the email given is
 * the confirmation.
 */
@Mojo(name = Goals.USER_DELETE, requiresProject = false, requiresOnline = true, threadSafe = true)
public class UserDeleteMojo extends AbstractUserMojo {

    @Override
    protected void run() {
        String address = CognitoUsers.checkEmail(email);
        AwsClients clients = awsClients();
        DeployedOutputs outputs = DeployedOutputs.read(clients, appNames());
        try (CognitoUsers users = CognitoUsers.forDeployment(clients, outputs)) {
            CognitoUser user = users.require(address);
            confirm(user);
            String bucket = outputs.require(OutputKey.DataBucket);
            Optional<URI> callback = outputs.get(OutputKey.WebSocketCallbackUrl).map(URI::create);
            UserData.Deleted deleted;
            try (StateReconciler containers = StateReconciler.forDeployment(clients, appNames(), outputs);
                    DynamoDbClient dynamo = clients.create(DynamoDbClient.builder());
                    S3Client s3 = clients.create(S3Client.builder());
                    ApiGatewayManagementApiClient api = callback.map(uri -> clients.create(
                                    ApiGatewayManagementApiClient.builder().endpointOverride(uri)))
                            .orElse(null)) {
                deleted = new UserData(
                                dynamo, s3, Optional.ofNullable(api), containers, appNames(), bucket, Clock.systemUTC())
                        .delete(user.sub());
            }
            users.delete(address);
            getLog().info("Deleted user " + user.email() + " (sub " + user.sub() + ") from user pool "
                    + users.userPoolId() + ": " + deleted.describe());
        }
    }

    /**
     * In a terminal the deletion is confirmed by typing the email; in batch mode (CI, scripts) the email given is the
     * confirmation, as before.
     */
    private void confirm(CognitoUser user) {
        var question = terminalQuestion();
        if (question.isEmpty()) {
            return;
        }
        getLog().warn("openclaw:user-delete deletes " + user.email()
                + " with their conversations, settings, Telegram links and"
                + " workspace backup, and stops their container.");
        String typed =
                question.get().read("Type the email (" + user.email() + ") to delete the user, anything else to stop");
        if (typed == null || !user.email().equalsIgnoreCase(typed.strip())) {
            throw new ConfigurationException("Not confirmed; nothing was deleted");
        }
    }
}
