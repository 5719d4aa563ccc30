package io.github.serverlessopenclaw.plugin.deploy;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.util.Locale;

/** How a stack is created or updated. */
public enum DeployMethod {
    /** CreateChangeSet, wait, execute (empty change sets are deleted and reported as "no changes"). The default. */
    CHANGE_SET,
    /** CreateStack/UpdateStack straight away: faster, but no preview of what will change. */
    DIRECT;

    public static DeployMethod parse(String value) {
        if (value == null || value.isBlank()) {
            return CHANGE_SET;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "change-set", "changeset" -> CHANGE_SET;
            case "direct" -> DIRECT;
            default ->
                throw new ConfigurationException(PropertyNames.DEPLOY_METHOD + " '" + value
                        + "' is not known: use change-set (the default) or direct");
        };
    }
}
