package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.plugin.users.PasswordChoice;
import java.security.SecureRandom;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates a confirmed web UI user in the deployment's Cognito pool (pool and client from the stack outputs).
 * The password is checked against the pool's policy first; without {@code openclaw.password} it is asked for
 * at a masked prompt, or generated in batch mode and printed once.
 */
@Mojo(name = "user-create", requiresProject = false, threadSafe = true)
public class UserCreateMojo extends AbstractOpenClawMojo {

    /** The new user's email address (their login name). */
    @Parameter(property = "openclaw.email")
    private String email;

    /** The password; omit it to be prompted (terminal) or to get a generated one (batch mode). */
    @Parameter(property = "openclaw.password")
    private String password;

    @Override
    protected void run() {
        String address = CognitoUsers.checkEmail(email);
        AwsClients clients = awsClients();
        try (CognitoUsers users = CognitoUsers.forDeployment(clients, DeployedOutputs.read(clients, appNames()))) {
            PasswordChoice choice = PasswordChoice.choose(Optional.ofNullable(password), terminalPrompt(), address, users.policy(),
                    new SecureRandom());
            CognitoUser user = users.create(address, choice.password());
            getLog().info("Created user " + user.email() + " (sub " + user.sub() + ", " + user.status()
                    + ", email verified) in user pool " + users.userPoolId());
            if (choice.generated()) {
                // shown once on purpose: it is stored nowhere else
                getLog().info("Generated password (shown only now, store it safely): " + choice.password());
            }
        }
    }
}
