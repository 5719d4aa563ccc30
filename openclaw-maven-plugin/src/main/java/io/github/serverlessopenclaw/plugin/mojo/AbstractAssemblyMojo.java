package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import java.io.File;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters of the goals that write or read a synthesized cloud assembly: synth, deploy, diff, outputs, destroy. */
abstract class AbstractAssemblyMojo extends AbstractDeploymentMojo {

    /** The cloud assembly (cdk.out): synth and deploy write it (replaced on every run), diff, outputs and destroy read it. */
    @Parameter(
            property = PropertyNames.ASSEMBLY_DIRECTORY,
            defaultValue = "${project.build.directory}/openclaw/cdk.out")
    protected File assemblyDirectory;

    /** Where outputs.json goes. */
    @Parameter(property = PropertyNames.OUTPUTS_FILE, defaultValue = "${project.build.directory}/openclaw/outputs.json")
    protected File outputsFile;

    /** Only these stacks (ids such as {@code Compute}, or stack names), comma separated; all stacks when empty. */
    @Parameter(property = PropertyNames.STACKS)
    protected String stacks;

    protected DeployLog deployLog() {
        return new MojoDeployLog(getLog());
    }

    protected Set<String> stackNames() {
        return new LinkedHashSet<>(split(stacks, ","));
    }
}
