package io.github.serverlessopenclaw.plugin.mojo;

import io.github.serverlessopenclaw.plugin.aws.AwsClients;
import io.github.serverlessopenclaw.plugin.config.AwsSettings;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.doctor.Check;
import io.github.serverlessopenclaw.plugin.doctor.Doctor;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.rtinfo.RuntimeInformation;

/**
 * Checks everything a deploy needs, one line per check with the fix for each failure: JDK, Maven,
 * Node.js, AWS region and credentials (with the account id). Fails when a required check fails.
 */
@Mojo(name = Goals.DOCTOR, requiresProject = false, threadSafe = true)
public class DoctorMojo extends AbstractOpenClawMojo {

    @Component
    private RuntimeInformation runtime;

    /** Do not fail the build on failed checks; only print them. */
    @Parameter(property = PropertyNames.DOCTOR_WARN_ONLY, defaultValue = "false")
    private boolean warnOnly;

    @Override
    protected void run() throws MojoFailureException {
        AwsSettings settings = awsSettings(); // a malformed setting is a usage error, not a failed check
        List<Check> checks = new Doctor()
                .run(new Doctor.Inputs(
                        System.getProperty("java.version"),
                        runtime.getMavenVersion(),
                        System.getenv("PATH"),
                        () -> new AwsClients(settings),
                        appNames()));
        getLog().info("openclaw doctor (" + appName + ")");
        for (Check check : checks) {
            for (String line : check.line().split("\n")) {
                if (check.failed()) {
                    getLog().error(line);
                } else if (check.status() == Check.Status.WARN) {
                    getLog().warn(line);
                } else {
                    getLog().info(line);
                }
            }
        }
        long failed = checks.stream().filter(Check::failed).count();
        if (failed > 0 && !warnOnly) {
            throw new MojoFailureException(failed + " required check(s) failed; see the fix under each ✘ line above");
        }
        getLog().info(failed == 0 ? "All required checks passed." : failed + " required check(s) failed (warnOnly).");
    }
}
