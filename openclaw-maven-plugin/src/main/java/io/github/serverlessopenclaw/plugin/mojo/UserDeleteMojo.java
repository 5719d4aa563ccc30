package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Deletes a user from the deployment's Cognito pool; an unknown email fails and changes nothing. */
@Mojo(name = "user-delete", requiresProject = false, threadSafe = true)
public class UserDeleteMojo extends AbstractOpenClawMojo {

    /** The email address of the user to delete. */
    @Parameter(property = "openclaw.email")
    private String email;

    @Override
    protected void run() {
        String address = CognitoUsers.checkEmail(email);
        AwsClients clients = awsClients();
        try (CognitoUsers users = CognitoUsers.forDeployment(clients, DeployedOutputs.read(clients, appNames()))) {
            CognitoUser deleted = users.delete(address);
            getLog().info("Deleted user " + deleted.email() + " (sub " + deleted.sub() + ") from user pool " + users.userPoolId());
        }
    }
}
