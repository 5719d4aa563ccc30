package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import io.github.serverlessopenclaw.plugin.deploy.DeployMethod;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates or upgrades the toolkit stack ({@code OpenClawToolkit}): staging bucket, image repository,
 * publishing/deploy/execution roles and the bootstrap version parameter. A no-op when current; never
 * downgrades. {@code -Dopenclaw.qualifier=hnb659fds} uses an existing {@code cdk bootstrap} instead.
 */
@Mojo(name = Goals.BOOTSTRAP, requiresProject = false, requiresOnline = true, threadSafe = true)
public class BootstrapMojo extends AbstractDeploymentMojo {

    @Override
    protected boolean accountLevel() {
        return true;
    }

    /** The toolkit stack's tags, the same {@code openclaw.tags} as deploy's: {@code <tags><team>ai</team></tags>}. */
    @Parameter(property = PropertyNames.TAGS)
    private Map<String, String> tags;

    @Override
    protected void run() {
        new Bootstrapper(awsClients(), new MojoDeployLog(getLog()))
                .bootstrap(qualifier, DeployMethod.parse(deployMethod), tags == null ? Map.of() : tags);
    }
}
