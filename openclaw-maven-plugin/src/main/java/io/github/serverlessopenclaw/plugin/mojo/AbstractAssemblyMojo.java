package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import java.io.File;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters of the goals that work on a synthesized cloud assembly. */
abstract class AbstractAssemblyMojo extends AbstractOpenClawMojo {

    /** The cloud assembly (cdk.out) to work on; openclaw:synth writes it here. */
    @Parameter(property = PropertyNames.ASSEMBLY_DIRECTORY, defaultValue = "${project.build.directory}/openclaw/cdk.out")
    protected File assemblyDirectory;

    /** Where outputs.json goes. */
    @Parameter(property = PropertyNames.OUTPUTS_FILE, defaultValue = "${project.build.directory}/openclaw/outputs.json")
    protected File outputsFile;

    /** Comma-separated stack names (or construct ids) to work on; all stacks when empty. */
    @Parameter(property = PropertyNames.STACKS)
    protected String stacks;

    protected DeployLog deployLog() {
        return new MojoDeployLog(getLog());
    }

    protected Set<String> stackNames() {
        return new LinkedHashSet<>(split(stacks, ","));
    }
}
