package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import io.github.serverlessopenclaw.plugin.web.WebAssets;
import io.github.serverlessopenclaw.plugin.web.WebPublisher;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Publishes the web UI (the one bundled with the plugin, or a folder of built files) and its
 * {@code config.json} to a deployed stack's site bucket, and invalidates what changed in CloudFront.
 */
@Mojo(name = Goals.PUBLISH_WEB, requiresProject = false, requiresOnline = true, threadSafe = true)
public class PublishWebMojo extends AbstractDeploymentMojo {

    @Override
    protected void run() {
        WebAssets assets = WebAssets.bundledOr(Optional.ofNullable(webDirectory).map(File::toPath));
        AwsClients clients = awsClients();
        DeployedOutputs outputs = DeployedOutputs.read(clients, appNames());
        WebPublisher.Report report = new WebPublisher(clients, new MojoDeployLog(getLog()))
                .publish(assets, outputs, Optional.ofNullable(telegramBotName));
        getLog().info("Web UI published to s3://" + report.bucket()
                + outputs.get(OutputKey.WebAppUrl)
                        .map(url -> ", served at " + url)
                        .orElse(""));
    }
}
