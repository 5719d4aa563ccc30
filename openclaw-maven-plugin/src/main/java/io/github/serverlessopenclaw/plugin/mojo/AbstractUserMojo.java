package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.secrets.SecretSources;
import io.github.serverlessopenclaw.plugin.users.PasswordChoice;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that act on one web UI user, named by email: account-level, so once per build. */
abstract class AbstractUserMojo extends AbstractOpenClawMojo {

    /** The user's email address (their login name). */
    @Parameter(property = PropertyNames.EMAIL)
    protected String email;

    /** Where a generated password is written (owner-only); default {@code ~/.openclaw/<appName>/<email>.password}. */
    @Parameter(property = PropertyNames.PASSWORD_FILE)
    protected File passwordFile;

    @Override
    protected boolean accountLevel() {
        return true;
    }

    /**
     * A password given without a prompt: the settings.xml server, the environment variable, or the {@code -D}
     * property, which works but is warned about.
     */
    protected Optional<String> givenPassword() {
        Optional<SecretSources.Supplied> given =
                secretSources().find(PasswordChoice.SERVER_ID, PasswordChoice.ENV_VAR, PasswordChoice.PROPERTY);
        if (given.filter(g -> g.origin() == SecretSources.Origin.PROPERTY).isPresent()) {
            getLog().warn("-D" + PasswordChoice.PROPERTY
                    + " lands in your shell history and the process list; prefer the" + " settings.xml server "
                    + PasswordChoice.SERVER_ID + " or the environment variable " + PasswordChoice.ENV_VAR);
        }
        return given.map(SecretSources.Supplied::value);
    }
}
