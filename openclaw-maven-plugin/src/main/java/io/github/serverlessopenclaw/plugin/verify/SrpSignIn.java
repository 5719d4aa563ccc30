package io.github.serverlessopenclaw.plugin.verify;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;

/**
 * Signs a user in as the web UI does: InitiateAuth USER_SRP_AUTH, then the PASSWORD_VERIFIER answer ({@link CognitoSrp}),
 * on the web UI's client (no secret). Returns the ID token, which is what the WebSocket API takes.
 */
public final class SrpSignIn {
    private SrpSignIn() {}

    public static String idToken(
            CognitoIdentityProviderClient cognito,
            String userPoolId,
            String clientId,
            String username,
            String password,
            Clock clock) {
        CognitoSrp srp = new CognitoSrp(userPoolId, new SecureRandom());
        InitiateAuthResponse started = cognito.initiateAuth(b -> b.clientId(clientId)
                .authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", username, "SRP_A", srp.srpA())));
        if (started.challengeName() != ChallengeNameType.PASSWORD_VERIFIER) {
            throw new IllegalStateException("Cognito answered USER_SRP_AUTH with " + started.challengeNameAsString()
                    + " instead of PASSWORD_VERIFIER");
        }
        Map<String, String> challenge = started.challengeParameters();
        String userId = challenge.get("USER_ID_FOR_SRP");
        String timestamp = CognitoSrp.timestamp(clock.instant());
        String signature = srp.signature(
                userId,
                password,
                challenge.get("SALT"),
                challenge.get("SRP_B"),
                challenge.get("SECRET_BLOCK"),
                timestamp);
        RespondToAuthChallengeResponse answered = cognito.respondToAuthChallenge(b -> b.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                .session(started.session())
                .challengeResponses(Map.of(
                        "USERNAME",
                        userId,
                        "PASSWORD_CLAIM_SECRET_BLOCK",
                        challenge.get("SECRET_BLOCK"),
                        "TIMESTAMP",
                        timestamp,
                        "PASSWORD_CLAIM_SIGNATURE",
                        signature)));
        if (answered.authenticationResult() == null) {
            throw new IllegalStateException(
                    "Cognito asked for " + answered.challengeNameAsString() + " after the password");
        }
        return answered.authenticationResult().idToken();
    }
}
