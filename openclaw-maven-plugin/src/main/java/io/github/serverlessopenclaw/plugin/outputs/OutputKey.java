package io.github.serverlessopenclaw.plugin.outputs;

/** The stack outputs the plugin and its users rely on; the stacks name their CfnOutputs with these. */
public enum OutputKey {
    WebAppUrl,
    WebSocketApiEndpoint,
    WebSocketCallbackUrl,
    HttpApiEndpoint,
    UserPoolId,
    UserPoolClientId,
    ClusterName,
    TaskDefinitionFamily,
    SiteBucket,
    DistributionId,
    DataBucket
}
