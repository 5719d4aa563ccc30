package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.plugin.users.PasswordChoice;
import io.github.serverlessopenclaw.plugin.users.PasswordFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Creates a confirmed web UI user in the deployment's Cognito pool (pool from the stack outputs). The password
 * comes from the settings.xml server {@code openclaw-user-password}, the environment variable
 * {@code OPENCLAW_USER_PASSWORD} or {@code -Dopenclaw.password} (read directly, not a parameter, so {@code -X}
 * does not print it); otherwise it is asked for at a masked prompt, or generated in batch mode and written to a
 * file only the owner can read. It is checked against the pool's policy first and never logged.
 */
@Mojo(name = Goals.USER_CREATE, requiresProject = false, requiresOnline = true, threadSafe = true)
public class UserCreateMojo extends AbstractUserMojo {

    @Override
    protected void run() {
        String address = CognitoUsers.checkEmail(email);
        Optional<String> given = givenPassword();
        AwsClients clients = awsClients();
        try (CognitoUsers users = CognitoUsers.forDeployment(clients, DeployedOutputs.read(clients, appNames()))) {
            PasswordChoice choice =
                    PasswordChoice.choose(given, terminalPrompt(), address, users.policy(), new SecureRandom());
            Path file = null;
            if (choice.generated()) {
                // written before the user exists: a password nobody can read must not be created
                file = passwordFile != null ? passwordFile.toPath() : PasswordFile.defaultPath(appName, address);
                PasswordFile.write(file, choice.password());
            }
            CognitoUser user;
            try {
                user = users.create(address, choice.password());
            } catch (RuntimeException e) {
                deleteQuietly(file);
                throw e;
            }
            getLog().info("Created user " + user.email() + " (sub " + user.sub() + ", " + user.status()
                    + ", email verified) in user pool " + users.userPoolId());
            if (file != null) {
                getLog().info("Generated password written to " + file.toAbsolutePath()
                        + " (readable only by you): sign in" + " with it, then delete the file");
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the user was not created; a leftover file holds a password that opens nothing
            }
        }
    }
}
