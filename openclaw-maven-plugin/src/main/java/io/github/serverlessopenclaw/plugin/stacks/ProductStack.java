package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.util.function.BiFunction;
import software.constructs.Construct;

/** The product's stacks, in dependency order. Monitoring is optional (off by default). */
public enum ProductStack {
    NETWORK("Network", NetworkStack::new),
    STORAGE("Storage", StorageStack::new),
    AUTH("Auth", AuthStack::new),
    COMPUTE("Compute", ComputeStack::new),
    API("Api", ApiStack::new),
    WEB("Web", WebStack::new),
    MONITORING("Monitoring", MonitoringStack::new);

    private final String id;
    private final BiFunction<Construct, StackConfig, OpenClawStack> factory;

    ProductStack(String id, BiFunction<Construct, StackConfig, OpenClawStack> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** Construct id in the CDK app, the cloud-assembly artifact id, and the suffix of the stack name. */
    public String id() {
        return id;
    }

    public String stackName(AppNames names) {
        return names.stackName(id);
    }

    /** Whether the configuration deploys this stack. */
    public boolean enabled(StackConfig config) {
        return this != MONITORING || config.monitoring();
    }

    OpenClawStack create(Construct app, StackConfig config) {
        return factory.apply(app, config);
    }
}
