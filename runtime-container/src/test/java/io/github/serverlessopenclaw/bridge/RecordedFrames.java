package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Frames the real gateway exchanged with the bridge, recorded once by {@link FrameRecording} and kept under
 * {@code src/test/resources/frames} (one per line: epoch ms, {@code in} or {@code out}, the frame; lines starting
 * with {@code #} say where a file came from). The unit tests of the chat state machine replay them.
 */
final class RecordedFrames {
    record Frame(long at, boolean in, JsonNode json) {
        String type() {
            return Json.text(json, "type");
        }

        String method() {
            return Json.text(json, "method");
        }

        JsonNode params() {
            return json.path("params");
        }

        JsonNode payload() {
            return json.path("payload");
        }

        boolean isChatEvent() {
            return in && "event".equals(type()) && "chat".equals(Json.text(json, "event"));
        }
    }

    final List<Frame> frames;

    private RecordedFrames(List<Frame> frames) {
        this.frames = frames;
    }

    static RecordedFrames load(String name) {
        String resource = "/frames/" + name + ".frames";
        try (InputStream in = RecordedFrames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded frames " + resource);
            }
            List<Frame> frames = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ", 3);
                frames.add(new Frame(Long.parseLong(parts[0]), parts[1].equals("in"), Json.read(parts[2])));
            }
            return new RecordedFrames(frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requests the bridge sent with {@code method}, in order. */
    List<Frame> sent(String method) {
        return frames.stream().filter(f -> !f.in() && method.equals(f.method())).toList();
    }

    /** The first {@code chat.send} whose message satisfies {@code message}. */
    Frame send(Predicate<String> message) {
        return sent("chat.send").stream()
                .filter(f -> message.test(Json.text(f.params(), "message")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no such chat.send recorded"));
    }

    /** The gateway's {@code res} to a request. */
    Frame answerTo(Frame request) {
        String id = Json.text(request.json(), "id");
        return frames.stream()
                .filter(f -> f.in() && "res".equals(f.type()) && id.equals(Json.text(f.json(), "id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no answer to request " + id + " recorded"));
    }

    /** The payloads of the {@code chat} events of a run (by {@code runId}), in order. */
    List<JsonNode> chatEventsOfRun(String runId) {
        return frames.stream()
                .filter(Frame::isChatEvent)
                .map(Frame::payload)
                .filter(p -> runId.equals(Json.text(p, "runId")))
                .toList();
    }

    /** The payloads of the {@code chat} events of a session, in order, whichever run they belong to. */
    List<JsonNode> chatEventsOfSession(String sessionKey) {
        return frames.stream()
                .filter(Frame::isChatEvent)
                .map(Frame::payload)
                .filter(p -> sessionKey.equals(Json.text(p, "sessionKey")))
                .toList();
    }

    /** Every frame received, in order. */
    List<Frame> received() {
        return frames.stream().filter(Frame::in).toList();
    }
}
