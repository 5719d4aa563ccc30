package io.github.serverlessopenclaw.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records the real gateway's frames for the recorded-frame unit tests ({@code src/test/resources/frames}):
 * with {@code -Dopenclaw.test.recordFrames=<dir>} every frame of {@code client}, sent ({@code out}) or
 * received ({@code in}), is appended to {@code <dir>/<name>.frames}, one per line. Off otherwise.
 */
final class FrameRecording {
    static final String PROPERTY = "openclaw.test.recordFrames";

    private FrameRecording() {}

    static void attach(GatewayClient client, String name) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path file = Path.of(dir, name + ".frames");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.tap(line -> {
            synchronized (FrameRecording.class) {
                try {
                    Files.writeString(
                            file,
                            System.currentTimeMillis() + " " + line + "\n",
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
