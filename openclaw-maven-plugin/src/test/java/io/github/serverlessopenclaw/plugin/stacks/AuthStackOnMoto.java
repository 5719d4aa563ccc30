package io.github.serverlessopenclaw.plugin.stacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.deploy.Bootstrapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The product's Auth stack, synthesized by the real {@link AuthStack} and created on moto with CloudFormation
 * (the project's moto extension models Cognito pools and clients), so user tests run against the pool the
 * product deploys: admin-only sign-up, email as username, its password policy, its SRP client.
 */
public final class AuthStackOnMoto {
    private AuthStackOnMoto() {}

    /** The Auth stack's template for {@code names}, as deploy would send it. */
    public static String template(AppNames names) throws Exception {
        Path jar = SynthMeasurement.tinyJar(Files.createTempFile("lambdas", ".jar"));
        try {
            StackConfig config = StackConfig.builder(names, jar).build();
            App app = new App();
            AuthStack stack = new AuthStack(app, config);
            return new ObjectMapper()
                    .writeValueAsString(Template.fromStack(stack).toJSON());
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    /** Creates the stack {@code <appName>-Auth} on moto and returns its outputs (UserPoolId, UserPoolClientId). */
    public static Map<String, String> deploy(URI moto, AppNames names) throws Exception {
        String template = template(names);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        try (SsmClient ssm = SsmClient.builder()
                        .endpointOverride(moto)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials)
                        .build();
                CloudFormationClient cf = CloudFormationClient.builder()
                        .endpointOverride(moto)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials)
                        .build()) {
            // the template's BootstrapVersion parameter reads this, as on a bootstrapped account
            ssm.putParameter(b -> b.name("/cdk-bootstrap/" + StackConfig.DEFAULT_QUALIFIER + "/version")
                    .type("String")
                    .value(Integer.toString(Bootstrapper.VERSION))
                    .overwrite(true));
            String stackName = ProductStack.AUTH.stackName(names);
            cf.createStack(b -> b.stackName(stackName).templateBody(template));
            var stack = cf.describeStacks(b -> b.stackName(stackName)).stacks().get(0);
            if (!"CREATE_COMPLETE".equals(stack.stackStatusAsString())) {
                throw new IllegalStateException(
                        stackName + " is " + stack.stackStatusAsString() + ": " + stack.stackStatusReason());
            }
            Map<String, String> outputs = new TreeMap<>();
            stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            return outputs;
        }
    }

    /** One pool serves a whole test class (the stack is synthesized once): each test starts with no user in it. */
    public static void removeAllUsers(CognitoIdentityProviderClient cognito, String poolId) {
        cognito.listUsers(b -> b.userPoolId(poolId))
                .users()
                .forEach(u -> cognito.adminDeleteUser(b -> b.userPoolId(poolId).username(u.username())));
    }
}
