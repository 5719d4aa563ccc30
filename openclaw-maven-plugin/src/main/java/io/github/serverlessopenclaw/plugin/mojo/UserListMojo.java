package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.report.TextTable;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/** Lists the users of the deployment's Cognito pool: email, sub (the id in TaskState), status. */
@Mojo(name = Goals.USER_LIST, requiresProject = false, requiresOnline = true, threadSafe = true)
public class UserListMojo extends AbstractOpenClawMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    @Override
    protected void run() {
        AwsClients clients = awsClients();
        try (CognitoUsers users = CognitoUsers.forDeployment(clients, DeployedOutputs.read(clients, appNames()))) {
            List<CognitoUser> all = users.list();
            getLog().info(all.size() + " user(s) in user pool " + users.userPoolId());
            TextTable table = new TextTable("EMAIL", "SUB", "STATUS", "ENABLED", "CREATED");
            all.forEach(u -> table.row(
                    u.email(),
                    u.sub(),
                    u.status(),
                    u.enabled() ? "yes" : "no",
                    u.created().map(Instant::toString).orElse("-")));
            if (!table.isEmpty()) {
                table.lines().forEach(getLog()::info);
            }
        }
    }
}
