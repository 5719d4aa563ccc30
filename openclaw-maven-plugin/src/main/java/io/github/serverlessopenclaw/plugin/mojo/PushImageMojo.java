package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.image.ImagePublisher;
import io.github.serverlessopenclaw.plugin.image.Npm;
import io.github.serverlessopenclaw.plugin.image.PublishedImage;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the container image with Jib (no Docker) and pushes it to the toolkit's ECR repository, or to
 * {@code openclaw.registry}; skips everything when the repository already has the image. Writes the
 * digest to {@code target/openclaw/image.json} for synth and deploy.
 */
@Mojo(name = Goals.PUSH_IMAGE, defaultPhase = LifecyclePhase.PACKAGE, requiresOnline = true, threadSafe = true)
public class PushImageMojo extends AbstractImageMojo {

    /** Skip openclaw:push-image alone (openclaw.skip skips every goal). */
    @Parameter(property = PropertyNames.PUSH_IMAGE_SKIP, defaultValue = "false")
    private boolean skipGoal;

    @Override
    protected boolean goalSkipped() {
        return skipGoal;
    }

    @Override
    protected void run() {
        ImagePublisher.Settings settings = imageSettings();
        PublishedImage image = withImageRepository(repository -> new ImagePublisher(Npm.onPath())
                .publish(settings, repository, buildDirectory.toPath(), new MojoDeployLog(getLog())));
        image.layerLines().forEach(getLog()::info);
        getLog().info((image.pushed() ? "Pushed " : "Already present: ") + image.reference());
        getLog().info("Recorded in " + PublishedImage.file(buildDirectory.toPath()));
    }
}
