package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.Differ;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows per stack what a deploy would change: resources added, modified, replaced and removed, with
 * IAM and security-group changes flagged. Reads only; always succeeds when the comparison could be made.
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

    @Override
    protected void run() {
        new Differ(awsClients(), deployLog()).diff(assemblyDirectory.toPath(), stackNames());
    }
}
