package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** The CDK app: every enabled stack, wired by the shared values they read, synthesized into one directory. */
public final class OpenClawApp {

    private OpenClawApp() {}

    public static CloudAssembly synth(StackConfig config, Path outDir) {
        App app = App.Builder.create()
                .outdir(outDir.toString())
                // no AWS::CDK::Metadata resource and no version reporting
                .analyticsReporting(false)
                .build();
        Map<ProductStack, OpenClawStack> stacks = new EnumMap<>(ProductStack.class);
        for (ProductStack stack : ProductStack.values()) {
            if (stack.enabled(config)) {
                stacks.put(stack, stack.create(app, config));
            }
        }
        // openclaw.tags, as cdk deploy --tags: on every stack (CloudFormation's stack tags) and every taggable resource
        config.tags().forEach((key, value) -> Tags.of(app).add(key, value));
        // No exports carry these dependencies, so they are declared: a reader deploys after the stacks it reads.
        stacks.values()
                .forEach(stack -> stack.readsFrom()
                        .forEach(producer -> stack.addStackDependency(
                                stacks.get(producer), "reads shared values of " + producer.id())));
        return app.synth();
    }
}
