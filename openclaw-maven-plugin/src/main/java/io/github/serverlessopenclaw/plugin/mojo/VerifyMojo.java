package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import io.github.serverlessopenclaw.plugin.users.UserData;
import io.github.serverlessopenclaw.plugin.verify.ChatProbe;
import io.github.serverlessopenclaw.plugin.verify.VerifyFailure;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Proves that a deployment's chat works, end to end, as a user would use it: a throw-away probe user signs in with
 * Cognito SRP (as the web UI), opens the WebSocket API, sends one message and waits for the whole reply; each hop is
 * printed with its time, and whether a container had to be started (cold) or was running (warm). The probe user and
 * everything the deployment kept about it are removed afterwards, also on failure. Fails (a build failure, exit code
 * ≠ 0) with the hop that broke and the fix. For after a deploy and for CI.
 */
@Mojo(name = Goals.VERIFY, requiresProject = false, requiresOnline = true, threadSafe = true)
public class VerifyMojo extends AbstractOpenClawMojo {

    /** How long the whole probe may take, in seconds; a cold start (a container to start) takes one to two minutes. */
    @Parameter(property = PropertyNames.VERIFY_TIMEOUT, defaultValue = "300")
    private int timeoutSeconds;

    /** The message the probe sends (the agent's answer is printed, not judged). */
    @Parameter(
            property = PropertyNames.VERIFY_MESSAGE,
            defaultValue = "This is openclaw:verify checking the chat. Reply with one word.")
    private String message;

    @Override
    protected boolean accountLevel() {
        return true;
    }

    @Override
    protected void run() throws MojoFailureException {
        if (timeoutSeconds <= 0) {
            throw new ConfigurationException(
                    PropertyNames.VERIFY_TIMEOUT + " " + timeoutSeconds + " is not a number of seconds:" + " pass e.g. "
                            + PropertyNames.flag(PropertyNames.VERIFY_TIMEOUT, 300));
        }
        if (message == null || message.isBlank() || message.length() > Protocol.MAX_MESSAGE_CHARS) {
            throw new ConfigurationException(
                    PropertyNames.VERIFY_MESSAGE + " must be 1 to " + Protocol.MAX_MESSAGE_CHARS
                            + " characters: pass e.g. " + PropertyNames.flag(PropertyNames.VERIFY_MESSAGE, "hello"));
        }
        AwsClients clients = awsClients();
        DeployedOutputs outputs = DeployedOutputs.read(clients, appNames());
        ChatProbe.Target target = new ChatProbe.Target(
                outputs.require(OutputKey.UserPoolId),
                outputs.require(OutputKey.UserPoolClientId),
                URI.create(outputs.require(OutputKey.WebSocketApiEndpoint)));
        String bucket = outputs.require(OutputKey.DataBucket);
        Optional<URI> callback = outputs.get(OutputKey.WebSocketCallbackUrl).map(URI::create);
        try (CognitoIdentityProviderClient cognito = clients.create(CognitoIdentityProviderClient.builder());
                StateReconciler containers = StateReconciler.forDeployment(clients, appNames(), outputs);
                DynamoDbClient dynamo = clients.create(DynamoDbClient.builder());
                S3Client s3 = clients.create(S3Client.builder());
                ApiGatewayManagementApiClient api = callback.map(uri -> clients.create(
                                ApiGatewayManagementApiClient.builder().endpointOverride(uri)))
                        .orElse(null)) {
            UserData data = new UserData(
                    dynamo, s3, Optional.ofNullable(api), containers, appNames(), bucket, Clock.systemUTC());
            ChatProbe.Report report = new ChatProbe(
                            cognito,
                            target,
                            ChatProbe.removing(data),
                            Duration.ofSeconds(timeoutSeconds),
                            getLog()::info,
                            Clock.systemUTC())
                    .run(message);
            getLog().info(String.format(
                    "The chat works: %s path, %.1f s from sign-in to the end of the reply; the agent" + " said: %s",
                    report.cold() ? "cold" : "warm", report.total().toMillis() / 1000.0, abbreviate(report.reply())));
        } catch (VerifyFailure e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    private static String abbreviate(String reply) {
        String line = reply.strip().replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
