package io.github.serverlessopenclaw.plugin.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/** A user of the deployment's pool as the user goals show it. */
public record CognitoUser(
        String username, String email, String sub, String status, boolean enabled, Optional<Instant> created) {

    static CognitoUser of(
            String username, List<AttributeType> attributes, String status, Boolean enabled, Instant created) {
        return new CognitoUser(
                username,
                attribute(attributes, "email"),
                attribute(attributes, "sub"),
                status,
                !Boolean.FALSE.equals(enabled),
                Optional.ofNullable(created));
    }

    static String attribute(List<AttributeType> attributes, String name) {
        return attributes.stream()
                .filter(a -> name.equals(a.name()))
                .map(AttributeType::value)
                .findFirst()
                .orElse("");
    }
}
