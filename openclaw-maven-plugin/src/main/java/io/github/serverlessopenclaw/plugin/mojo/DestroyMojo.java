package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.DeployOptions;
import io.github.serverlessopenclaw.plugin.deploy.DeployReport;
import io.github.serverlessopenclaw.plugin.deploy.Destroyer;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import java.util.Arrays;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deletes the deployment's stacks in reverse dependency order after emptying the buckets they own.
 * Uses the cloud assembly when there is one, otherwise the product's stack names for the appName. The
 * toolkit stack and the secrets stay unless {@code -Dopenclaw.destroyAll}. It asks first: in a terminal the
 * user types the appName; in batch mode (CI) {@code -Dopenclaw.confirm=<appName>} is required.
 */
@Mojo(name = Goals.DESTROY, requiresProject = false, requiresOnline = true, threadSafe = true)
public class DestroyMojo extends AbstractAssemblyMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    /** Also delete the toolkit stack (with its bucket and repository) and the secrets in SSM. */
    @Parameter(property = PropertyNames.DESTROY_ALL, defaultValue = "false")
    private boolean destroyAll;

    /** The appName, to confirm the deletion without a prompt (batch mode, CI). */
    @Parameter(property = PropertyNames.CONFIRM)
    private String confirm;

    @Override
    protected void run() throws MojoFailureException {
        confirm();
        Destroyer.Extras extras = destroyAll
                ? new Destroyer.Extras(
                        Optional.of(qualifier), Optional.of(appNames().secretsPath()))
                : Destroyer.Extras.NONE;
        DeployOptions options = DeployOptions.defaults().withStacks(stackNames());
        Destroyer destroyer = new Destroyer(awsClients(), deployLog());
        DeployReport report = assemblyDirectory != null
                        && assemblyDirectory
                                .toPath()
                                .resolve("manifest.json")
                                .toFile()
                                .isFile()
                ? destroyer.destroy(assemblyDirectory.toPath(), options, extras)
                : destroyer.destroyByName(
                        Arrays.stream(ProductStack.values())
                                .map(s -> s.stackName(appNames()))
                                .toList(),
                        options,
                        extras);
        if (!report.succeeded()) {
            throw new MojoFailureException(report.firstFailure()
                    .map(f -> f.stackName() + " was not deleted: " + f.detail())
                    .orElse("Some stacks were not deleted; see the table above"));
        }
    }

    /** Nothing is deleted unless the appName was typed in the terminal or given as openclaw.confirm. */
    private void confirm() {
        if (appName.equals(confirm)) {
            return;
        }
        String what = Goals.goal(Goals.DESTROY) + " deletes every stack of '" + appName
                + "' with its tables, users and workspaces" + (destroyAll ? ", the toolkit and the secrets" : "");
        if (confirm != null && !confirm.isBlank()) {
            throw new ConfigurationException(PropertyNames.flag(PropertyNames.CONFIRM) + "=" + confirm
                    + " does not match the appName '" + appName + "'; nothing was deleted. " + what + ": pass "
                    + PropertyNames.flag(PropertyNames.CONFIRM) + "=" + appName);
        }
        var question = terminalQuestion();
        if (question.isEmpty()) {
            throw new ConfigurationException(what + "; in batch mode confirm with "
                    + PropertyNames.flag(PropertyNames.CONFIRM) + "=" + appName + " (nothing was deleted)");
        }
        getLog().warn(what + ".");
        String typed = question.get().read("Type the appName (" + appName + ") to delete it, anything else to stop");
        if (typed == null || !appName.equals(typed.strip())) {
            throw new ConfigurationException("Not confirmed; nothing was deleted");
        }
    }
}
