package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import org.apache.maven.plugin.logging.Log;

/** The deploy engine's progress lines on Maven's console. */
final class MojoDeployLog implements DeployLog {
    private final Log log;

    MojoDeployLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String line) {
        log.info(line);
    }

    @Override
    public void warn(String line) {
        log.warn(line);
    }

    @Override
    public void debug(String line) {
        log.debug(line);
    }
}
