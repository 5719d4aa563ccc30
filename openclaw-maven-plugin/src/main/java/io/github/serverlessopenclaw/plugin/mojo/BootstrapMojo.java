package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates or upgrades the toolkit stack ({@code OpenClawToolkit}): staging bucket, image repository,
 * publishing/deploy/execution roles and the bootstrap version parameter. A no-op when current; never
 * downgrades. {@code -Dopenclaw.qualifier=hnb659fds} uses an existing {@code cdk bootstrap} instead.
 */
@Mojo(name = Goals.BOOTSTRAP, requiresProject = false, threadSafe = true)
public class BootstrapMojo extends AbstractOpenClawMojo {

    /** Bootstrap qualifier; the stacks' synthesizer must use the same one. */
    @Parameter(property = PropertyNames.QUALIFIER, defaultValue = StackConfig.DEFAULT_QUALIFIER)
    private String qualifier;

    /** change-set (default) or direct (CreateStack/UpdateStack). */
    @Parameter(property = PropertyNames.DEPLOY_METHOD, defaultValue = "change-set")
    private String deployMethod;

    @Override
    protected void run() {
        new Bootstrapper(awsClients(), new MojoDeployLog(getLog())).bootstrap(qualifier, DeployMethod.parse(deployMethod));
    }
}
