package io.github.serverlessopenclaw.lambdas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret values from SSM SecureString parameters whose names the stacks pass in environment variables.
 * Cached for the life of the Lambda instance; a missing parameter is not cached, so creating it later works.
 */
final class Secrets {
    private final Services services;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    Secrets(Services services) {
        this.services = services;
    }

    /** The secret named by the parameter in env var {@code parameterEnvVar}, or null when unset or missing. */
    String get(String parameterEnvVar) {
        String parameter = services.env().get(parameterEnvVar);
        if (parameter.isEmpty()) {
            return null;
        }
        String cached = cache.get(parameter);
        if (cached != null) {
            return cached;
        }
        var response = services.ssm().getParameters(b -> b.names(parameter).withDecryption(true));
        for (var p : response.parameters()) {
            if (p.value() != null && !p.value().isEmpty()) {
                cache.put(p.name(), p.value());
            }
        }
        return cache.get(parameter);
    }
}
