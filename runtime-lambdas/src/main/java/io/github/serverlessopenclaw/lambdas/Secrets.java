package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret values from SSM SecureString parameters whose names the stacks pass in environment variables.
 * A value is kept for {@link Constants#SECRET_CACHE_TTL}, so a rotated secret is seen within that time; a
 * caller that finds a value stale (the presented secret does not match) may {@link #refresh} it sooner. A
 * missing parameter is not cached, so creating it later works.
 */
final class Secrets {
    /**
     * A forced refresh reads SSM at most this often per parameter: a stream of wrong secrets (anyone can
     * call the Telegram webhook) must not turn into a stream of GetParameters calls and their throttling.
     */
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    private record Cached(String value, Instant readAt) {}

    private final Services services;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRefresh = new ConcurrentHashMap<>();

    Secrets(Services services) {
        this.services = services;
    }

    /** The secret named by the parameter in env var {@code parameterEnvVar}, or null when unset or missing. */
    String get(String parameterEnvVar) {
        String parameter = services.env().get(parameterEnvVar);
        if (parameter.isEmpty()) {
            return null;
        }
        Cached cached = cache.get(parameter);
        if (cached != null
                && cached.readAt()
                        .plus(Constants.SECRET_CACHE_TTL)
                        .isAfter(services.clock().instant())) {
            return cached.value();
        }
        return read(parameter);
    }

    /**
     * Reads the secret again unless a refresh of it ran less than {@link #MIN_REFRESH_INTERVAL} ago; true when
     * the value changed (then the caller decides again with {@link #get}).
     */
    boolean refresh(String parameterEnvVar) {
        String parameter = services.env().get(parameterEnvVar);
        if (parameter.isEmpty()) {
            return false;
        }
        Instant now = services.clock().instant();
        Instant last = lastRefresh.get(parameter);
        if (last != null && last.plus(MIN_REFRESH_INTERVAL).isAfter(now)) {
            return false;
        }
        lastRefresh.put(parameter, now);
        Cached cached = cache.get(parameter);
        String before = cached == null ? null : cached.value();
        String current = read(parameter);
        return current != null && !current.equals(before);
    }

    private String read(String parameter) {
        var response = services.ssm().getParameters(b -> b.names(parameter).withDecryption(true));
        Instant now = services.clock().instant();
        for (var p : response.parameters()) {
            if (parameter.equals(p.name()) && p.value() != null && !p.value().isEmpty()) {
                cache.put(parameter, new Cached(p.value(), now));
                return p.value();
            }
        }
        cache.remove(parameter); // deleted meanwhile: no longer served from the cache
        return null;
    }
}
