package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that act on one web UI user, named by email. */
abstract class AbstractUserMojo extends AbstractOpenClawMojo {

    /** The user's email address (their login name). */
    @Parameter(property = PropertyNames.EMAIL)
    protected String email;
}
