package io.github.serverlessopenclaw.plugin.config;

/** A problem the user fixes in the configuration; its message names the fix and is shown without a stack trace. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
