package io.github.serverlessopenclaw.plugin.config;

import java.net.URI;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * How the plugin reaches AWS: region and profile (both optional: the SDK's default chains fill them in)
 * and an endpoint override that every service client uses (how tests and emulators are reached).
 */
public record AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint) {
    /** The SDK's name for the region, read first. */
    public static final String AWS_REGION = "AWS_REGION";
    /** The AWS CLI's name, which the Java SDK ignores; read after {@link #AWS_REGION}, as the CLI does. */
    public static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";

    public AwsSettings {
        region.ifPresent(name -> checkRegion(name, PropertyNames.REGION));
    }

    public static AwsSettings of(String region, String profile, String endpoint) {
        return of(region, profile, endpoint, Map.of());
    }

    /**
     * The region from, in order: the parameter, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}; else the SDK's chain
     * (the profile's region, instance metadata) decides later.
     */
    public static AwsSettings of(String region, String profile, String endpoint, Map<String, String> environment) {
        Optional<String> chosen = blankToEmpty(region)
                .or(() -> blankToEmpty(environment.get(AWS_REGION)).map(r -> checkRegion(r, AWS_REGION)))
                .or(() ->
                        blankToEmpty(environment.get(AWS_DEFAULT_REGION)).map(r -> checkRegion(r, AWS_DEFAULT_REGION)));
        return new AwsSettings(
                chosen, blankToEmpty(profile), blankToEmpty(endpoint).map(AwsSettings::uri));
    }

    /**
     * Refuses a region name the SDK does not know, at once and with the closest names, instead of a DNS failure later
     * that looks like a credentials problem.
     */
    public static String checkRegion(String name, String source) {
        if (Region.regions().stream().anyMatch(r -> r.id().equals(name))) {
            return name;
        }
        String close = Region.regions().stream()
                .map(Region::id)
                .filter(id -> !id.startsWith("aws-"))
                .sorted(Comparator.comparingInt((String id) -> distance(id, name))
                        .thenComparing(id -> id))
                .limit(4)
                .collect(Collectors.joining(", "));
        throw new ConfigurationException(source + " '" + name + "' is not an AWS region: did you mean " + close + "?");
    }

    /** Levenshtein distance: how many single-letter edits turn one name into the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
            throw new ConfigurationException(
                    PropertyNames.ENDPOINT + " '" + endpoint + "' is not a URL; use for example"
                            + " http://127.0.0.1:5000, or leave it unset to reach AWS itself");
        }
    }
}
