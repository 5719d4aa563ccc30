package io.github.serverlessopenclaw.plugin.stacks;

import io.github.serverlessopenclaw.plugin.config.StackConfig;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.constructs.Construct;

/**
 * Cognito user pool (email sign-in, strong passwords) and the web UI's SRP client without a secret. Self sign-up
 * is off unless configured: users are created with {@code openclaw:user-create}. MFA is off: the web UI has no
 * TOTP set-up or sign-in step, and an optional MFA a user could turn on (AssociateSoftwareToken with their
 * access token) would lock them out of the UI.
 */
final class AuthStack extends OpenClawStack {

    AuthStack(Construct scope, StackConfig config) {
        super(scope, ProductStack.AUTH, config, "Cognito user pool and web client");
        UserPool pool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(names.userPool())
                .selfSignUpEnabled(config.selfSignUp())
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(8)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .tempPasswordValidity(Duration.days(3))
                        .build())
                .mfa(Mfa.OFF)
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        UserPoolClient client = pool.addClient(
                "WebClient",
                UserPoolClientOptions.builder()
                        .userPoolClientName(names.userPoolClient())
                        .generateSecret(false)
                        .authFlows(AuthFlow.builder().userSrp(true).build())
                        .disableOAuth(true)
                        .preventUserExistenceErrors(true)
                        .accessTokenValidity(Duration.hours(1))
                        .idTokenValidity(Duration.hours(1))
                        .refreshTokenValidity(Duration.days(30))
                        .build());

        share(SharedValue.USER_POOL_ID, pool.getUserPoolId());
        share(SharedValue.USER_POOL_CLIENT_ID, client.getUserPoolClientId());
        output(OutputKey.UserPoolId, pool.getUserPoolId(), "Cognito user pool");
        output(
                OutputKey.UserPoolClientId,
                client.getUserPoolClientId(),
                "Cognito client of the web UI (SRP, no secret)");
    }
}
