package io.github.serverlessopenclaw.common;

import java.util.regex.Pattern;

/**
 * Every physical name of one deployment, derived from its {@code appName}, so that two deployments
 * with different names live side by side in one account. This is the only place that builds names.
 */
public record AppNames(String appName) {

    public static final String DEFAULT_APP_NAME = "serverless-openclaw";

    /** Lowercase, starts with a letter, hyphens allowed: valid in stack, table, cluster and SSM names. */
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,30}[a-z0-9]");

    public AppNames {
        if (appName == null || !VALID.matcher(appName).matches()) {
            throw new IllegalArgumentException("appName '" + appName + "' is not valid: use 2 to 32 lowercase"
                    + " letters, digits and hyphens, starting with a letter and not ending with a hyphen"
                    + " (for example " + DEFAULT_APP_NAME + ")");
        }
    }

    public static AppNames defaults() {
        return new AppNames(DEFAULT_APP_NAME);
    }

    public String table(Table table) {
        return appName + "-" + table.suffix();
    }

    /** CloudFormation stack name for one of the product's stacks, e.g. {@code serverless-openclaw-Network}. */
    public String stackName(String stack) {
        return appName + "-" + stack;
    }

    public String cluster() {
        return appName;
    }

    /** Task-definition family: Lambdas start tasks by family, so they never hold a stale revision. */
    public String taskFamily() {
        return appName;
    }

    public String containerLogGroup() {
        return "/ecs/" + appName;
    }

    /** SSM SecureString parameter that holds one secret, written by the plugin, never by CloudFormation. */
    public String secretParameter(String secretName) {
        return "/" + appName + "/secrets/" + secretName;
    }

    /** Prefix of every secret parameter (for IAM policies and listings). */
    public String secretsPath() {
        return "/" + appName + "/secrets";
    }

    /** SSM parameter through which one stack hands a value to another (instead of CloudFormation exports). */
    public String sharedParameter(String key) {
        return "/" + appName + "/shared/" + key;
    }

    /** Name of a Lambda function, e.g. {@code serverless-openclaw-ws-message}. */
    public String function(String handler) {
        return appName + "-" + handler;
    }

    /** Log group of one Lambda function (created by the stack with a retention, not by Lambda on first use). */
    public String functionLogGroup(String handler) {
        return "/aws/lambda/" + function(handler);
    }

    public String userPool() {
        return appName + "-users";
    }

    public String userPoolClient() {
        return appName + "-web";
    }

    public String webSocketApi() {
        return appName + "-ws";
    }

    public String httpApi() {
        return appName + "-http";
    }

    /** EventBridge rule name, e.g. {@code serverless-openclaw-watchdog}. */
    public String rule(String purpose) {
        return appName + "-" + purpose;
    }

    /** The optional monthly cost budget (account-wide; the name is unique per account). */
    public String budget() {
        return appName + "-monthly";
    }

    public String dashboard() {
        return appName;
    }

    /** CloudFront response-headers policy (a name unique per account). */
    public String responseHeadersPolicy() {
        return appName + "-security-headers";
    }

    /** CloudFront origin access control (a name unique per account). */
    public String originAccessControl() {
        return appName + "-site";
    }
}
