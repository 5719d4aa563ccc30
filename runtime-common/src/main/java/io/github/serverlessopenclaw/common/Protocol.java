package io.github.serverlessopenclaw.common;

/**
 * The message protocol between the web UI, the Lambdas and the bridge, in one place. Frames are JSON
 * objects; field names are the {@code FIELD_*} constants. docs/protocol.md describes every frame.
 */
public final class Protocol {
    private Protocol() {}

    /** Browser → WebSocket API ({@code $default} route), field {@code action}. */
    public enum ClientAction {
        sendMessage,
        getStatus,
        getHistory,
        ping
    }

    /** Lambda or bridge → browser (PostToConnection), field {@code type}. */
    public enum ServerType {
        status,
        stream_chunk,
        stream_end,
        message,
        history,
        error
    }

    /** Machine codes of {@code error} frames and HTTP error bodies (field {@code code}). */
    public enum ErrorCode {
        missing_body,
        body_too_large,
        invalid_json,
        invalid_event,
        unknown_action,
        invalid_message,
        message_too_long,
        unknown_connection,
        session_expired,
        unauthorized,
        forbidden,
        not_found,
        internal,
        /** More messages than the per-user rate allows; the message was dropped, send it again later. */
        rate_limited,
        /** Every container slot is taken; the message is queued and answered when one frees up. */
        at_capacity
    }

    /** HTTP API routes: all behind the Cognito JWT authorizer except {@link #TELEGRAM} (secret header). */
    public enum HttpRoute {
        CONVERSATIONS("GET", "/conversations"),
        STATUS("GET", "/status"),
        LINK_GENERATE_OTP("POST", "/link/generate-otp"),
        LINK_STATUS("GET", "/link/status"),
        LINK_UNLINK("POST", "/link/unlink"),
        TELEGRAM("POST", "/telegram");

        private final String method;
        private final String path;

        HttpRoute(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public String method() {
            return method;
        }

        public String path() {
            return path;
        }
    }

    /** Where a message came from and where its reply goes. */
    public enum Channel {
        web,
        telegram
    }

    public static final String FIELD_ACTION = "action";
    public static final String FIELD_TYPE = "type";
    public static final String FIELD_MESSAGE = "message";
    public static final String FIELD_CONVERSATION_ID = "conversationId";
    public static final String FIELD_CLIENT_MESSAGE_ID = "clientMessageId";
    public static final String FIELD_CONTENT = "content";
    /** A history message's author: {@code user} or {@code assistant}. */
    public static final String FIELD_ROLE = "role";
    /** On {@code stream_chunk}: true when {@code content} replaces everything streamed so far. */
    public static final String FIELD_REPLACE = "replace";

    public static final String FIELD_STATUS = "status";
    public static final String FIELD_ERROR = "error";
    public static final String FIELD_CODE = "code";
    public static final String FIELD_MESSAGES = "messages";
    public static final String FIELD_USER_ID = "userId";
    public static final String FIELD_CHANNEL = "channel";
    public static final String FIELD_CONNECTION_ID = "connectionId";
    public static final String FIELD_CALLBACK_URL = "callbackUrl";

    /** Query parameter of the WebSocket URL carrying the Cognito ID token. */
    public static final String TOKEN_QUERY_PARAMETER = "token";
    /** Query parameter of the WebSocket URL carrying the web UI's language ({@link Language#of}); optional. */
    public static final String LANGUAGE_QUERY_PARAMETER = "lang";
    /**
     * Query parameter of the WebSocket URL, {@code start=1}: the chat view has just opened, start the user's container
     * now. The web UI sends it on a session's first connect only, not on its reconnects (a token renewal each hour, a
     * dropped network), so a tab left open starts no container after the idle timeout has stopped one.
     */
    public static final String START_QUERY_PARAMETER = "start";
    /** On messages to the bridge: the language of the user's notices and errors ({@link Language} name). */
    public static final String FIELD_LANGUAGE = "language";
    /** A connectionId of this form means "reply to this Telegram chat". */
    public static final String TELEGRAM_CONNECTION_PREFIX = "telegram:";
    /** The longest user message accepted, in characters. */
    public static final int MAX_MESSAGE_CHARS = 16_000;
    /** The largest inbound body accepted by any handler or the bridge, in bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Default conversation when the client names none. */
    public static final String DEFAULT_CONVERSATION = "default";

    /**
     * Bridge HTTPS API (port {@link Constants#BRIDGE_PORT}, certificate pinned, {@link BridgeTls}): every path needs
     * {@code Authorization: Bearer <the container's token>} and {@link #BRIDGE_TASK_HEADER} naming the container's task.
     */
    public static final String BRIDGE_TASK_HEADER = "X-OpenClaw-Task";

    public static final String BRIDGE_HEALTH = "/health";
    public static final String BRIDGE_MESSAGE = "/message";
    public static final String BRIDGE_STATUS = "/status";
    public static final String BRIDGE_SHUTDOWN = "/shutdown";
}
