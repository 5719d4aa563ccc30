package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * Base of the product's stacks: stack name from {@code appName}, the DefaultStackSynthesizer with the configured
 * qualifier, and the two ways values cross stacks (shared SSM parameters, never exports) and leave them (outputs).
 */
abstract class OpenClawStack extends Stack {

    protected final StackConfig config;
    protected final AppNames names;
    private final Set<ProductStack> reads = EnumSet.noneOf(ProductStack.class);

    OpenClawStack(Construct scope, ProductStack stack, StackConfig config, String description) {
        super(
                scope,
                stack.id(),
                StackProps.builder()
                        .stackName(stack.stackName(config.names()))
                        .description(description + " (serverless-openclaw "
                                + config.names().appName() + ")")
                        .synthesizer(DefaultStackSynthesizer.Builder.create()
                                .qualifier(config.qualifier())
                                .build())
                        .build());
        this.config = config;
        this.names = config.names();
    }

    /** Publishes a value for other stacks as the SSM String parameter {@code /<appName>/shared/<key>}. */
    protected void share(SharedValue value, String content) {
        StringParameter.Builder.create(this, "Shared-" + value.key().replace('/', '-'))
                .parameterName(names.sharedParameter(value.key()))
                .stringValue(content)
                .description("Written by " + getStackName() + " for the other stacks of " + names.appName())
                .build();
    }

    /** Reads a value another stack shared; the producer becomes a dependency of this stack. */
    protected String shared(SharedValue value) {
        reads.add(value.producer());
        return StringParameter.valueForStringParameter(this, names.sharedParameter(value.key()));
    }

    /** The stacks this one reads shared values from (deployed first). */
    Set<ProductStack> readsFrom() {
        return EnumSet.copyOf(reads.isEmpty() ? EnumSet.noneOf(ProductStack.class) : reads);
    }

    protected void output(OutputKey key, String value, String description) {
        CfnOutput.Builder.create(this, key.name())
                .value(value)
                .description(description)
                .build();
    }

    /** ARN of a resource in this stack's account and region, e.g. {@code table/<name>}. */
    protected String arn(String service, String resource, String resourceName) {
        return formatArn(ArnComponents.builder()
                .service(service)
                .resource(resource)
                .resourceName(resourceName)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    /** ARN of an SSM parameter given its full name ({@code /app/secrets/x}). */
    protected String parameterArn(String parameterName) {
        return arn("ssm", "parameter", parameterName.startsWith("/") ? parameterName.substring(1) : parameterName);
    }

    /**
     * With a customer key ({@code openclaw.kmsKeyId}): {@code kms:Decrypt} on that key, only when SSM calls KMS
     * for the role (reading a SecureString, or ECS injecting one): Parameter Store decrypts with the caller's
     * permission on the key, and the condition keeps the grant from decrypting anything else. Without a key the
     * secrets use the AWS-managed aws/ssm key, whose key policy already allows every principal of the account.
     */
    protected Optional<PolicyStatement> secretsKeyDecrypt() {
        return config.kmsKeyId()
                .map(key -> PolicyStatement.Builder.create()
                        .actions(List.of("kms:Decrypt"))
                        .resources(List.of(key.startsWith("arn:") ? key : arn("kms", "key", key)))
                        .conditions(Map.of(
                                "StringEquals",
                                Map.of(
                                        "kms:ViaService",
                                        Fn.join("", List.of("ssm.", Aws.REGION, ".", Aws.URL_SUFFIX)))))
                        .build());
    }
}
