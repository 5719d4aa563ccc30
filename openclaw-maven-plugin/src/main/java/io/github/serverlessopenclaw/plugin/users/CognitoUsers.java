package io.github.serverlessopenclaw.plugin.users;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.outputs.DeployedOutputs;
import io.github.serverlessopenclaw.plugin.outputs.OutputKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * The deployment's Cognito users, with the pool taken from the stack outputs. The pool is admin-only
 * ({@code AllowAdminCreateUserOnly}, the Auth stack's default), so users are created the administrator's way:
 * AdminCreateUser without an invitation, email verified, then a permanent password, so the user can sign in at
 * once and no mail is sent.
 */
public final class CognitoUsers implements AutoCloseable {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final boolean owned;

    public CognitoUsers(CognitoIdentityProviderClient cognito, String userPoolId) {
        this(cognito, userPoolId, false);
    }

    private CognitoUsers(CognitoIdentityProviderClient cognito, String userPoolId, boolean owned) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.owned = owned;
    }

    public static CognitoUsers forDeployment(AwsClients clients, DeployedOutputs outputs) {
        String pool = outputs.require(OutputKey.UserPoolId);
        return new CognitoUsers(clients.create(CognitoIdentityProviderClient.builder()), pool, true);
    }

    public String userPoolId() {
        return userPoolId;
    }

    public PasswordPolicy policy() {
        var policies = cognito.describeUserPool(b -> b.userPoolId(userPoolId))
                .userPool()
                .policies();
        return PasswordPolicy.from(policies == null ? null : policies.passwordPolicy());
    }

    /** Fails with the fix unless the email looks like one. */
    public static String checkEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new ConfigurationException(
                    "No email given: pass " + PropertyNames.flag(PropertyNames.EMAIL) + "=you@example.com");
        }
        String trimmed = email.trim();
        if (!EMAIL.matcher(trimmed).matches()) {
            throw new ConfigurationException(PropertyNames.EMAIL + " '" + trimmed + "' is not an email address: pass"
                    + " " + PropertyNames.flag(PropertyNames.EMAIL) + "=you@example.com");
        }
        return trimmed;
    }

    public Optional<CognitoUser> find(String email) {
        try {
            AdminGetUserResponse user =
                    cognito.adminGetUser(b -> b.userPoolId(userPoolId).username(email));
            return Optional.of(CognitoUser.of(
                    user.username(),
                    user.userAttributes(),
                    user.userStatusAsString(),
                    user.enabled(),
                    user.userCreateDate()));
        } catch (UserNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks, in this order and before any write: the email, that no such user exists, the password
     * against the pool's policy. Then AdminCreateUser (no invitation mail, email verified) and
     * AdminSetUserPassword(Permanent): the user is CONFIRMED. SignUp is not used: Cognito refuses it on an
     * admin-only pool ("SignUp is not permitted for this user pool").
     */
    public CognitoUser create(String email, String password) {
        String address = checkEmail(email);
        if (find(address).isPresent()) {
            throw exists(address);
        }
        PasswordPolicy policy = policy();
        List<String> broken = policy.violations(password);
        if (!broken.isEmpty()) {
            throw new ConfigurationException("The password does not meet the user pool's policy; it needs "
                    + String.join(", ", broken) + ". Nothing was created: choose another password, or leave"
                    + " the password out to get a generated one");
        }
        try {
            cognito.adminCreateUser(b -> b.userPoolId(userPoolId)
                    .username(address)
                    .messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(attribute("email", address), attribute("email_verified", "true")));
        } catch (UsernameExistsException e) {
            throw exists(address);
        }
        try {
            cognito.adminSetUserPassword(b -> b.userPoolId(userPoolId)
                    .username(address)
                    .password(password)
                    .permanent(true));
        } catch (InvalidPasswordException e) {
            // a user without a password they know must not stay behind
            cognito.adminDeleteUser(b -> b.userPoolId(userPoolId).username(address));
            throw new ConfigurationException("Cognito refused the password: "
                    + e.awsErrorDetails().errorMessage() + ". Nothing was created: choose another password");
        }
        return find(address)
                .orElseThrow(() -> new IllegalStateException("user " + address + " vanished after creation"));
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private ConfigurationException exists(String email) {
        return new ConfigurationException("A user " + email + " already exists in user pool " + userPoolId
                + "; nothing was changed. Use " + Goals.goal(Goals.USER_LIST) + " to see the users, or "
                + Goals.goal(Goals.USER_DELETE) + " first");
    }

    /** Every user of the pool (all pages). */
    public List<CognitoUser> list() {
        List<CognitoUser> users = new ArrayList<>();
        cognito.listUsersPaginator(b -> b.userPoolId(userPoolId))
                .users()
                .forEach(u -> users.add(CognitoUser.of(
                        u.username(), u.attributes(), u.userStatusAsString(), u.enabled(), u.userCreateDate())));
        users.sort((a, b) -> a.email().compareTo(b.email()));
        return users;
    }

    /** The user, or a failure naming the fix. */
    public CognitoUser require(String email) {
        String address = checkEmail(email);
        return find(address)
                .orElseThrow(() -> new ConfigurationException("No user " + address + " in user pool " + userPoolId
                        + "; nothing was deleted. Use " + Goals.goal(Goals.USER_LIST) + " to see the users"));
    }

    /** The user whose password is to be reset, or a failure naming the fix. */
    public CognitoUser requireForPassword(String email) {
        String address = checkEmail(email);
        return find(address)
                .orElseThrow(
                        () -> new ConfigurationException(
                                "No user " + address + " in user pool " + userPoolId
                                        + "; no password was changed. Use openclaw:user-list to see the users, openclaw:user-create to add one"));
    }

    /** Fails with what the pool's policy needs, before anything is written. */
    public void checkPassword(String password, String unchanged) {
        List<String> broken = policy().violations(password);
        if (!broken.isEmpty()) {
            throw new ConfigurationException("The password does not meet the user pool's policy; it needs "
                    + String.join(", ", broken) + "; " + unchanged
                    + ": choose another password, or leave the password out to"
                    + " get a generated one");
        }
    }

    /**
     * AdminSetUserPassword: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD: the next sign-in must set a
     * new one); then AdminUserGlobalSignOut, so sessions opened with the old password cannot refresh their tokens.
     */
    public CognitoUser setPassword(CognitoUser user, String password, boolean permanent) {
        checkPassword(password, "no password was changed");
        try {
            cognito.adminSetUserPassword(b -> b.userPoolId(userPoolId)
                    .username(user.username())
                    .password(password)
                    .permanent(permanent));
        } catch (InvalidPasswordException e) {
            throw new ConfigurationException("Cognito refused the password: "
                    + e.awsErrorDetails().errorMessage() + "; no password was changed: choose another password");
        }
        cognito.adminUserGlobalSignOut(b -> b.userPoolId(userPoolId).username(user.username()));
        return find(user.email()).orElseThrow(() -> new IllegalStateException("user " + user.email() + " vanished"));
    }

    public CognitoUser delete(String email) {
        CognitoUser user = require(email);
        cognito.adminDeleteUser(b -> b.userPoolId(userPoolId).username(user.username()));
        return user;
    }

    @Override
    public void close() {
        if (owned) {
            cognito.close();
        }
    }
}
