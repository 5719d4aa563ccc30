package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.assembly.CloudAssembly;
import io.github.serverlessopenclaw.plugin.assembly.StackArtifact;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputsFile;
import io.github.serverlessopenclaw.plugin.stacks.ProductStack;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Reads the deployed stacks' outputs from CloudFormation, prints them as a table and writes
 * outputs.json (stack → key → value). Stacks come from the cloud assembly when there is one, otherwise
 * the product's stack names for the appName.
 */
@Mojo(name = Goals.OUTPUTS, requiresProject = false, requiresOnline = true, threadSafe = true)
public class OutputsMojo extends AbstractAssemblyMojo {

    @Override
    protected void run() {
        List<String> stackNames = assemblyDirectory != null
                        && assemblyDirectory
                                .toPath()
                                .resolve("manifest.json")
                                .toFile()
                                .isFile()
                ? CloudAssembly.load(assemblyDirectory.toPath()).stacks().stream()
                        .map(StackArtifact::stackName)
                        .toList()
                : Arrays.stream(ProductStack.values())
                        .map(s -> s.stackName(appNames()))
                        .toList();
        try (CloudFormationClient cloudFormation = awsClients().create(CloudFormationClient.builder())) {
            DeployedOutputs outputs = DeployedOutputs.read(cloudFormation, appNames(), stackNames);
            if (outputs.byStack().isEmpty()) {
                getLog().warn("No deployed stack has outputs (looked for " + stackNames + "): run "
                        + Goals.command(Goals.DEPLOY) + " first");
                return;
            }
            OutputsFile.table(outputs.byStack()).forEach(getLog()::info);
            OutputsFile.write(outputsFile.toPath(), outputs.byStack());
            getLog().info("Outputs written to " + outputsFile);
        }
    }
}
