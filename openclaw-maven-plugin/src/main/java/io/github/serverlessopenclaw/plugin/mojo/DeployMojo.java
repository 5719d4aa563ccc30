package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Deployer;
import io.github.serverlessopenclaw.plugin.outputs.OutputsFile;
import java.time.Duration;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys a synthesized cloud assembly: publishes file assets, deploys the stacks in dependency order
 * (independent ones in parallel), skips unchanged stacks without any CloudFormation write, prints a
 * summary table and writes the stacks' outputs to outputs.json.
 */
@Mojo(name = "deploy", threadSafe = true)
public class DeployMojo extends AbstractAssemblyMojo {

    /** change-set (default: preview, empty ones reported as "no changes") or direct (CreateStack/UpdateStack, faster). */
    @Parameter(property = "openclaw.deployMethod", defaultValue = "change-set")
    private String deployMethod;

    /** How many independent stacks deploy at the same time. */
    @Parameter(property = "openclaw.concurrency", defaultValue = "" + DeployOptions.DEFAULT_CONCURRENCY)
    private int concurrency;

    /** Deploy stacks even when they are unchanged. */
    @Parameter(property = "openclaw.force", defaultValue = "false")
    private boolean force;

    /** Longest wait for one stack operation, in minutes. */
    @Parameter(property = "openclaw.stackTimeoutMinutes", defaultValue = "60")
    private int stackTimeoutMinutes;

    @Override
    protected void run() throws MojoFailureException {
        DeployOptions options = new DeployOptions(DeployMethod.parse(deployMethod), concurrency, stackNames(), force,
                Duration.ofMinutes(stackTimeoutMinutes));
        DeployReport report = new Deployer(awsClients(), deployLog()).deploy(assemblyDirectory.toPath(), options);
        if (!report.outputs().isEmpty()) {
            OutputsFile.table(report.outputs()).forEach(getLog()::info);
            OutputsFile.write(outputsFile.toPath(), report.outputs());
            getLog().info("Outputs written to " + outputsFile);
        }
        if (!report.succeeded()) {
            throw new MojoFailureException(report.firstFailure()
                    .map(f -> f.stackName() + " failed: " + f.detail())
                    .orElse("Some stacks were not deployed; see the table above"));
        }
    }
}
