package io.github.serverlessopenclaw.plugin.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.LogEvent;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jib's log levels reach Maven's: warnings as warnings, lifecycle as info, the chatter only with -X. */
class JibLogLevelsTest {
    private final List<String> lines = new ArrayList<>();
    private final DeployLog log = new DeployLog() {
        @Override
        public void info(String line) {
            lines.add("INFO " + line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }

        @Override
        public void debug(String line) {
            lines.add("DEBUG " + line);
        }
    };

    @Test
    void eachLevelGoesToItsOwn() {
        ImagePublisher.jibLine(LogEvent.error("e"), false, log);
        ImagePublisher.jibLine(LogEvent.warn("w"), false, log);
        ImagePublisher.jibLine(LogEvent.lifecycle("l"), false, log);
        ImagePublisher.jibLine(LogEvent.info("i"), false, log);
        ImagePublisher.jibLine(LogEvent.debug("d"), false, log);
        ImagePublisher.jibLine(LogEvent.progress("p"), false, log);
        assertThat(lines)
                .containsExactly(
                        "WARN Jib: e", "WARN Jib: w", "INFO Jib: l", "DEBUG Jib: i", "DEBUG Jib: d", "DEBUG Jib: p");
    }

    @Test
    void theHttpFallbackOnAnInsecureRegistryIsNoWarning() {
        ImagePublisher.jibLine(LogEvent.warn("Failed to connect to https://x; Attempting again with HTTP"), true, log);
        ImagePublisher.jibLine(LogEvent.warn("Failed to connect to https://x; Attempting again with HTTP"), false, log);
        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(' '))).containsExactly("DEBUG", "WARN");
    }
}
