package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.StackConfig;
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
 * toolkit stack and the secrets stay unless {@code -Dopenclaw.destroyAll}.
 */
@Mojo(name = "destroy", requiresProject = false, threadSafe = true)
public class DestroyMojo extends AbstractAssemblyMojo {

    /** Also delete the toolkit stack (with its bucket and repository) and the secrets in SSM. */
    @Parameter(property = "openclaw.destroyAll", defaultValue = "false")
    private boolean destroyAll;

    /** Qualifier of the toolkit deleted by destroyAll. */
    @Parameter(property = "openclaw.qualifier", defaultValue = StackConfig.DEFAULT_QUALIFIER)
    private String qualifier;

    @Override
    protected void run() throws MojoFailureException {
        Destroyer.Extras extras = destroyAll
                ? new Destroyer.Extras(Optional.of(qualifier), Optional.of(appNames().secretsPath()))
                : Destroyer.Extras.NONE;
        DeployOptions options = DeployOptions.defaults().withStacks(stackNames());
        Destroyer destroyer = new Destroyer(awsClients(), deployLog());
        DeployReport report = assemblyDirectory != null && assemblyDirectory.toPath().resolve("manifest.json").toFile().isFile()
                ? destroyer.destroy(assemblyDirectory.toPath(), options, extras)
                : destroyer.destroyByName(Arrays.stream(ProductStack.values()).map(s -> s.stackName(appNames())).toList(), options, extras);
        if (!report.succeeded()) {
            throw new MojoFailureException(report.firstFailure().map(f -> f.stackName() + " was not deleted: " + f.detail())
                    .orElse("Some stacks were not deleted; see the table above"));
        }
    }
}
