package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.state.ResetRequest;
import io.github.serverlessopenclaw.plugin.state.ResetRow;
import io.github.serverlessopenclaw.plugin.state.StateReconciler;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Clears the TaskState rows that would leave messages unanswered and stops the containers behind them. By
 * default only stale rows (task stopped or missing in ECS, or stuck in Starting past the start timeout);
 * healthy running containers are kept.
 */
@Mojo(name = Goals.RESET_STATE, requiresProject = false, requiresOnline = true, threadSafe = true)
public class ResetStateMojo extends AbstractOpenClawMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    /** Stop every task of the cluster, then clear every row, whatever their health. */
    @Parameter(property = PropertyNames.ALL, defaultValue = "false")
    private boolean all;

    /** Only this user: a Cognito sub or {@code telegram:<id>}. */
    @Parameter(property = PropertyNames.USER)
    private String user;

    /** Show what would be done; change nothing. */
    @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void run() {
        ResetRequest request = new ResetRequest(all, Optional.ofNullable(user), dryRun);
        var clients = awsClients();
        List<ResetRow> rows;
        try (StateReconciler reconciler =
                StateReconciler.forDeployment(clients, appNames(), DeployedOutputs.read(clients, appNames()))) {
            rows = reconciler.reset(request);
        }
        getLog().info("openclaw reset-state (" + appName + ")" + (dryRun ? ": dry run, nothing is changed" : ""));
        if (rows.isEmpty()) {
            getLog().info(request.user()
                    .map(u -> "No TaskState row for user " + u + ".")
                    .orElse("No TaskState rows and no running tasks."));
            return;
        }
        StateReconciler.table(rows, dryRun).forEach(getLog()::info);
        long stopped =
                rows.stream().filter(r -> r.applied() && r.action().stopsTask()).count();
        long deleted = rows.stream()
                .filter(r -> r.applied() && r.action().deletesRow())
                .count();
        long kept = rows.stream()
                .filter(r -> !r.action().deletesRow() && !r.action().stopsTask())
                .count();
        getLog().info(
                        dryRun
                                ? rows.stream()
                                                .filter(r -> r.action() != ResetRow.Action.KEEP)
                                                .count() + " action(s) would be taken; run without "
                                        + PropertyNames.flag(PropertyNames.DRY_RUN) + " to apply"
                                : stopped + " task(s) stopped, " + deleted + " row(s) deleted, " + kept + " kept");
    }
}
