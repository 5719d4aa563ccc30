package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.plugin.users.PasswordChoice;
import io.github.serverlessopenclaw.plugin.users.PasswordFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Resets a user's password. By default the new password is temporary: the web UI asks the user for their own at
 * the next sign-in. With {@code -Dopenclaw.permanent} it is the user's password as it is. Either way it comes from
 * where user-create takes it (settings.xml server, environment, property, masked prompt, or generated into an
 * owner-only file), is checked against the pool's policy first, is never logged, and the user's other sessions are
 * signed out (their refresh tokens revoked), for a password that may have leaked.
 */
@Mojo(name = Goals.USER_PASSWORD, requiresProject = false, requiresOnline = true, threadSafe = true)
public class UserPasswordMojo extends AbstractUserMojo {

    /** The new password is the user's own (no change asked at the next sign-in). */
    @Parameter(property = PropertyNames.PERMANENT, defaultValue = "false")
    private boolean permanent;

    @Override
    protected void run() {
        String address = CognitoUsers.checkEmail(email);
        Optional<String> given = givenPassword();
        AwsClients clients = awsClients();
        try (CognitoUsers users = CognitoUsers.forDeployment(clients, DeployedOutputs.read(clients, appNames()))) {
            CognitoUser user = users.requireForPassword(address);
            PasswordChoice choice =
                    PasswordChoice.choose(given, terminalPrompt(), address, users.policy(), new SecureRandom());
            users.checkPassword(choice.password(), "no password was changed");
            Path file = null;
            if (choice.generated()) {
                file = passwordFile != null ? passwordFile.toPath() : PasswordFile.defaultPath(appName, address);
                PasswordFile.write(file, choice.password());
            }
            CognitoUser updated = users.setPassword(user, choice.password(), permanent);
            getLog().info("Password of " + updated.email() + " reset (" + updated.status() + "): "
                    + (permanent
                            ? "it is their password now"
                            : "temporary, the web UI asks for a new one at the next sign-in")
                    + "; their other sessions were signed out");
            if (file != null) {
                getLog().info("Generated password written to " + file.toAbsolutePath()
                        + " (readable only by you): hand it over" + " safely, then delete the file");
            }
        }
    }
}
