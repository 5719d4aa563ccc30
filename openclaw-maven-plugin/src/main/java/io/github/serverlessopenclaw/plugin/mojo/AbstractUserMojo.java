package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that act on one web UI user, named by email. */
abstract class AbstractUserMojo extends AbstractOpenClawMojo {

    /** The user's email address (their login name). */
    @Parameter(property = PropertyNames.EMAIL)
    protected String email;

    /** Where a generated password is written (owner-only); default {@code ~/.openclaw/<appName>/<email>.password}. */
    @Parameter(property = PropertyNames.PASSWORD_FILE)
    protected File passwordFile;
}
