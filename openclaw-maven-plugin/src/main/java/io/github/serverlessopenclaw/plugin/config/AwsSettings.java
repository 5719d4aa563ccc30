package io.github.serverlessopenclaw.plugin.config;

import java.net.URI;
import java.util.Optional;

/**
 * How the plugin reaches AWS: region and profile (both optional: the SDK's default chains fill them in)
 * and an endpoint override that every service client uses (how tests and emulators are reached).
 */
public record AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint) {

    public static AwsSettings of(String region, String profile, String endpoint) {
        return new AwsSettings(blankToEmpty(region), blankToEmpty(profile), blankToEmpty(endpoint).map(AwsSettings::uri));
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static URI uri(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PropertyNames.ENDPOINT + " '" + endpoint + "' is not a URL; use for example"
                    + " http://127.0.0.1:5000, or leave it unset to reach AWS itself");
        }
    }
}
