package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.AppNames;

/** The product's stacks, in dependency order. Monitoring is optional (off by default). */
public enum ProductStack {
    NETWORK("Network"),
    STORAGE("Storage"),
    AUTH("Auth"),
    COMPUTE("Compute"),
    API("Api"),
    WEB("Web"),
    MONITORING("Monitoring");

    private final String id;

    ProductStack(String id) {
        this.id = id;
    }

    /** Construct id in the CDK app, and the suffix of the stack name. */
    public String id() {
        return id;
    }

    public String stackName(AppNames names) {
        return names.stackName(id);
    }
}
