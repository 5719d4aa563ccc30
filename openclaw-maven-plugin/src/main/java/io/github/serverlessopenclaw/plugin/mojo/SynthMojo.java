package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.stacks.Synthesizer;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Synthesizes every stack into a cloud assembly, offline and without an AWS account, and prints the stacks, their
 * resource counts and the assets.
 */
@Mojo(name = Goals.SYNTH, defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SynthMojo extends AbstractStackMojo {

    /** Skip openclaw:synth alone (openclaw.skip skips every goal). */
    @Parameter(property = PropertyNames.SYNTH_SKIP, defaultValue = "false")
    private boolean skipGoal;

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected void run() {
        Synthesizer.Result result = new Synthesizer().synthesize(stackConfig(), assemblyDirectory.toPath());
        getLog().info("openclaw synth (" + appName + "): " + result.stacks().size() + " stacks in "
                + result.elapsed().toMillis() + " ms → " + result.outDir());
        getLog().info(String.format("  %-32s %9s  %s", "stack", "resources", "deploys after"));
        for (Synthesizer.SynthesizedStack stack : result.stacks()) {
            getLog().info(String.format(
                    "  %-32s %9d  %s",
                    stack.stackName(),
                    stack.resourceCount(),
                    stack.dependsOn().isEmpty() ? "-" : String.join(", ", stack.dependsOn())));
        }
        for (Synthesizer.Asset asset : result.assets()) {
            getLog().info("  asset " + asset.hash().substring(0, 12) + " (" + asset.packaging() + ", "
                    + asset.stackName() + "): " + asset.source().getFileName());
        }
        result.warnings().forEach(getLog()::warn);
    }
}
