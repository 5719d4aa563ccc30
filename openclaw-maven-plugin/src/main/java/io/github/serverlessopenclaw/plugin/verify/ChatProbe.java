package io.github.serverlessopenclaw.plugin.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.TaskStatus;
import io.github.serverlessopenclaw.plugin.config.Goals;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.users.CognitoUser;
import io.github.serverlessopenclaw.plugin.users.CognitoUsers;
import io.github.serverlessopenclaw.plugin.users.UserData;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * {@code openclaw:verify}'s probe: a throw-away user signs in as the web UI does (Cognito SRP), opens the WebSocket API
 * with its ID token, sends one message and waits for the whole answer, timing each hop (sign-in, connect, container
 * start when one was started, first chunk, end). The probe user is an ordinary user: it sees only its own data. It is
 * removed afterwards whatever happened, with everything the deployment kept about it ({@link Remover}).
 */
public final class ChatProbe {
    /** Probe users' names: recognisable in user-list, and never a mailbox (RFC 2606 reserves .invalid). */
    public static final String PROBE_PREFIX = "openclaw-verify-";

    public static final String PROBE_DOMAIN = "probe.invalid";
    public static final String SIGN_IN = "sign-in";
    public static final String CONNECT = "connect";
    public static final String CONTAINER_START = "container start";
    public static final String FIRST_CHUNK = "first chunk";
    public static final String END = "end";
    public static final String CLEAN_UP = "clean-up";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLOSED = "\u0000closed";

    /** Where the probe goes: the deployment's user pool, the web UI's client and the WebSocket API. */
    public record Target(String userPoolId, String clientId, URI webSocketUrl) {}

    /** One hop and how long it took (from the end of the hop before). */
    public record Hop(String name, Duration took) {}

    /** A working chat: the hops, whether a container was started for the message, and the reply. */
    public record Report(List<Hop> hops, boolean cold, String reply) {
        public Duration total() {
            return hops.stream().map(Hop::took).reduce(Duration.ZERO, Duration::plus);
        }
    }

    /** Removes what the deployment kept about a user (a Cognito sub); says what was removed. */
    @FunctionalInterface
    public interface Remover {
        String remove(String sub);
    }

    private final CognitoIdentityProviderClient cognito;
    private final CognitoUsers users;
    private final Target target;
    private final Remover remover;
    private final Duration timeout;
    private final Consumer<String> out;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ChatProbe(
            CognitoIdentityProviderClient cognito,
            Target target,
            Remover remover,
            Duration timeout,
            Consumer<String> out,
            Clock clock) {
        this.cognito = cognito;
        this.users = new CognitoUsers(cognito, target.userPoolId());
        this.target = target;
        this.remover = remover;
        this.timeout = timeout;
        this.out = out;
        this.clock = clock;
    }

    /** user-delete's removal: connections, container, Telegram links, pending messages, history, settings, workspace. */
    public static Remover removing(UserData data) {
        return sub -> data.delete(sub).describe();
    }

    /** Runs the probe; a {@link VerifyFailure} names the hop that failed and the fix. */
    public Report run(String message) {
        byte[] id = new byte[6];
        random.nextBytes(id);
        String email = PROBE_PREFIX + HexFormat.of().formatHex(id) + "@" + PROBE_DOMAIN;
        String password = users.policy().generate(random);
        CognitoUser user = users.create(email, password);
        out.accept("probe user " + email + " created (generated password, not shown)");
        RuntimeException failed = null;
        try {
            return chat(email, password, message);
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        } finally {
            try {
                // the data first, the Cognito user last, as user-delete does
                String removed = remover.remove(user.sub());
                users.delete(email);
                out.accept("probe user removed: " + removed);
            } catch (RuntimeException e) {
                VerifyFailure cleanUp = new VerifyFailure(
                        CLEAN_UP,
                        "The probe user " + email + " could not be removed ("
                                + e.getMessage() + "): remove it with " + Goals.command(Goals.USER_DELETE) + " "
                                + PropertyNames.flag(PropertyNames.EMAIL) + "=" + email,
                        e);
                if (failed != null) {
                    failed.addSuppressed(cleanUp);
                    out.accept(cleanUp.getMessage());
                } else {
                    throw cleanUp;
                }
            }
        }
    }

    private Report chat(String email, String password, String message) {
        List<Hop> hops = new ArrayList<>();
        long mark = System.nanoTime();
        long deadline = mark + timeout.toNanos();
        String token;
        try {
            token = SrpSignIn.idToken(cognito, target.userPoolId(), target.clientId(), email, password, clock);
        } catch (RuntimeException e) {
            throw new VerifyFailure(
                    SIGN_IN,
                    "Sign-in failed at the sign-in hop (Cognito USER_SRP_AUTH, as the web UI): "
                            + e.getMessage() + "; check that the stacks are deployed (" + Goals.command(Goals.STATUS)
                            + ") and redeploy"
                            + " the Auth stack with " + Goals.command(Goals.DEPLOY),
                    e);
        }
        mark = hop(hops, SIGN_IN, mark, "Cognito USER_SRP_AUTH, as the web UI");

        Frames frames = new Frames();
        URI uri = URI.create(target.webSocketUrl() + (target.webSocketUrl().getQuery() == null ? "?" : "&")
                + Protocol.TOKEN_QUERY_PARAMETER + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, frames)
                    .get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new VerifyFailure(
                    CONNECT,
                    "The WebSocket API " + target.webSocketUrl() + " refused or did not answer the"
                            + " connection at the connect hop (" + describe(cause)
                            + "): see the ws-connect function's log with "
                            + Goals.command(Goals.LOGS),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerifyFailure(CONNECT, "Interrupted while connecting", e);
        }
        try {
            mark = hop(hops, CONNECT, mark, target.webSocketUrl().getHost());
            String frame = JSON.createObjectNode()
                    .put(Protocol.FIELD_ACTION, Protocol.ClientAction.sendMessage.name())
                    .put(Protocol.FIELD_MESSAGE, message)
                    .toString();
            try {
                socket.sendText(frame, true).join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new VerifyFailure(
                        CONNECT,
                        "The WebSocket closed before the message could be sent (" + describe(e.getCause())
                                + "): see the ws-connect function's log with " + Goals.command(Goals.LOGS),
                        e);
            }
            return await(frames, hops, mark, deadline);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "verify done").exceptionally(e -> null);
            socket.abort();
        }
    }

    /** Reads frames until the reply has ended, timing the hops; a failure names the hop waited for. */
    private Report await(Frames frames, List<Hop> hops, long mark, long deadline) {
        boolean cold = false;
        boolean running = false;
        boolean chunked = false;
        StringBuilder reply = new StringBuilder();
        while (true) {
            String waitingFor = !chunked ? (cold && !running ? CONTAINER_START : FIRST_CHUNK) : END;
            String text;
            try {
                text = frames.queue.poll(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VerifyFailure(waitingFor, "Interrupted while waiting for the " + waitingFor);
            }
            if (text == null) {
                throw new VerifyFailure(
                        waitingFor,
                        "No " + waitingFor + " within " + timeout.toSeconds() + " s of the start: "
                                + fixFor(waitingFor));
            }
            if (text.startsWith(CLOSED)) {
                throw new VerifyFailure(
                        waitingFor,
                        "The WebSocket closed (" + text.substring(CLOSED.length()) + ") while" + " waiting for the "
                                + waitingFor + ": " + fixFor(waitingFor));
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (java.io.IOException e) {
                continue; // not ours to judge: the web UI ignores what it cannot read too
            }
            String type = node.path(Protocol.FIELD_TYPE).asText();
            if (type.equals(Protocol.ServerType.status.name())) {
                String status = node.path(Protocol.FIELD_STATUS).asText();
                if (status.equals(TaskStatus.Starting.name()) && !running) {
                    cold = true;
                } else if (status.equals(TaskStatus.Running.name()) && !running) {
                    running = true;
                    if (cold) {
                        mark = hop(hops, CONTAINER_START, mark, "cold: a container was started for the probe");
                    }
                }
            } else if (type.equals(Protocol.ServerType.stream_chunk.name())
                    || type.equals(Protocol.ServerType.message.name())) {
                if (node.path(Protocol.FIELD_REPLACE).asBoolean(false)) {
                    reply.setLength(0);
                }
                reply.append(node.path(Protocol.FIELD_CONTENT).asText());
                if (!chunked) {
                    chunked = true;
                    mark = hop(hops, FIRST_CHUNK, mark, cold ? "cold path" : "warm path");
                }
                if (type.equals(Protocol.ServerType.message.name())) {
                    hop(hops, END, mark, reply.length() + " characters");
                    return new Report(List.copyOf(hops), cold, reply.toString());
                }
            } else if (type.equals(Protocol.ServerType.stream_end.name())) {
                if (!chunked) {
                    throw new VerifyFailure(FIRST_CHUNK, "The reply ended without any text: " + fixFor(FIRST_CHUNK));
                }
                hop(hops, END, mark, reply.length() + " characters");
                return new Report(List.copyOf(hops), cold, reply.toString());
            } else if (type.equals(Protocol.ServerType.error.name())) {
                String code = node.path(Protocol.FIELD_CODE).asText("");
                String error = node.path(Protocol.FIELD_ERROR).asText();
                if (code.equals(Protocol.ErrorCode.at_capacity.name()) || code.equals("requeued")) {
                    out.accept("the deployment says: " + error + " (" + code + "); still waiting");
                    continue;
                }
                throw new VerifyFailure(
                        waitingFor,
                        "The chat answered with an error" + (code.isEmpty() ? "" : " (" + code + ")")
                                + " while waiting for the " + waitingFor + ": " + error + "; " + fixFor(waitingFor));
            }
        }
    }

    private static String fixFor(String hop) {
        return switch (hop) {
            case CONTAINER_START ->
                "the container did not report Running; see " + Goals.command(Goals.STATUS) + " and "
                        + Goals.command(Goals.LOGS) + ", or give a cold start more time with "
                        + PropertyNames.flag(PropertyNames.VERIFY_TIMEOUT) + "=<seconds>";
            case FIRST_CHUNK ->
                "the agent did not answer; check the model's key with " + Goals.command(Goals.SECRETS)
                        + " and the container's log with " + Goals.command(Goals.LOGS);
            default -> "the reply did not end; see the container's log with " + Goals.command(Goals.LOGS);
        };
    }

    private long hop(List<Hop> hops, String name, long since, String detail) {
        long now = System.nanoTime();
        Duration took = Duration.ofNanos(now - since);
        hops.add(new Hop(name, took));
        out.accept(String.format("%-16s %6.1f s  (%s)", name, took.toMillis() / 1000.0, detail));
        return now;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The server's frames, whole (a text frame may come in parts), then a close or error marker. */
    private static final class Frames implements WebSocket.Listener {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                queue.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            queue.add(CLOSED + "status " + statusCode + (reason == null || reason.isEmpty() ? "" : ", " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            queue.add(CLOSED + describe(error));
        }
    }
}
