package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.Differ;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows per stack what a deploy would change: resources added, modified, replaced and removed, with
 * IAM and security-group changes flagged, as CloudFormation's change set says (created, read and deleted:
 * nothing is deployed), or from the deployed template where no change set can be made; each stack's line
 * names which. Succeeds when the comparison could be made, unless openclaw.diff.failOnChanges is set and
 * something would change.
 */
@Mojo(name = Goals.DIFF, requiresOnline = true, threadSafe = true)
public class DiffMojo extends AbstractAssemblyMojo {

    /** Skip openclaw:diff alone (openclaw.skip skips every goal). */
    @Parameter(property = PropertyNames.DIFF_SKIP, defaultValue = "false")
    private boolean skipGoal;

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    /** Fail the build when a deploy would change anything (as {@code cdk diff --fail}), for pull-request checks. */
    @Parameter(property = PropertyNames.DIFF_FAIL_ON_CHANGES, defaultValue = "false")
    private boolean failOnChanges;

    @Override
    protected void run() throws MojoFailureException {
        List<Differ.StackDiff> diffs =
                new Differ(awsClients(), deployLog()).diff(assemblyDirectory.toPath(), stackNames());
        List<String> changed = diffs.stream()
                .filter(Differ.StackDiff::anyChange)
                .map(Differ.StackDiff::stackName)
                .toList();
        if (failOnChanges && !changed.isEmpty()) {
            throw new MojoFailureException(changed.size() + " stack(s) would change (" + String.join(", ", changed)
                    + "), and " + PropertyNames.DIFF_FAIL_ON_CHANGES + " is set");
        }
    }
}
