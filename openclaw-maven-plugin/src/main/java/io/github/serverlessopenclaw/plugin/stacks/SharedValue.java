package io.github.serverlessopenclaw.plugin.stacks;

/**
 * A value one stack hands to another. The producer writes it to the SSM parameter
 * {@code AppNames.sharedParameter(key)}; the consumer reads it through an SSM-typed CloudFormation parameter.
 * No CloudFormation exports, so replacing a resource never meets an "export in use" lock.
 */
public enum SharedValue {
    /** Public subnet ids, comma separated (RunTask's awsvpc configuration). */
    SUBNET_IDS("network/subnet-ids", ProductStack.NETWORK),
    SECURITY_GROUP_ID("network/security-group-id", ProductStack.NETWORK),
    DATA_BUCKET("storage/data-bucket-name", ProductStack.STORAGE),
    USER_POOL_ID("auth/user-pool-id", ProductStack.AUTH),
    USER_POOL_CLIENT_ID("auth/user-pool-client-id", ProductStack.AUTH),
    TASK_ROLE_ARN("compute/task-role-arn", ProductStack.COMPUTE),
    EXECUTION_ROLE_ARN("compute/execution-role-arn", ProductStack.COMPUTE),
    WEBSOCKET_URL("api/websocket-url", ProductStack.API),
    HTTP_API_URL("api/http-api-url", ProductStack.API);

    private final String key;
    private final ProductStack producer;

    SharedValue(String key, ProductStack producer) {
        this.key = key;
        this.producer = producer;
    }

    /** The part after {@code /<appName>/shared/}. */
    public String key() {
        return key;
    }

    public ProductStack producer() {
        return producer;
    }
}
