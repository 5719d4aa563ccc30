package io.github.serverlessopenclaw.common;

/**
 * Attribute names of the rows more than one module reads or writes: the Lambdas, the bridge and the plugin all
 * use these constants, never the names typed in (a test greps for them). Keys and row kinds are in
 * {@link Constants} ({@code PK}, {@code SK}, {@code USER#}, {@code LIMIT#}, {@code QUEUE#containers},
 * {@code REVOKED#}, the {@code SETTING#} kinds), beside {@link Table}.
 */
public final class RowSchema {
    private RowSchema() {}

    /**
     * TaskState ({@code PK=USER#<userId>}): the Lambdas claim a start ({@link #STATUS} {@code Starting},
     * {@link #START_TOKEN}, {@link #STARTED_AT}), record the {@link #TASK_ARN}; the bridge marks it Running with
     * its {@link #PUBLIC_IP}, {@link Constants#TASK_STATE_CERT_SHA256} and {@link Constants#TASK_STATE_BRIDGE_TOKEN},
     * and keeps {@link #LAST_ACTIVITY}; the watchdog and the plugin's {@code status} and {@code reset-state} read it.
     */
    public static final class TaskState {
        private TaskState() {}

        /** A {@link TaskStatus} name; a DynamoDB reserved word, so expressions name it {@code #s}. */
        public static final String STATUS = "status";

        public static final String TASK_ARN = "taskArn";
        public static final String PUBLIC_IP = "publicIp";
        public static final String STARTED_AT = "startedAt";
        public static final String LAST_ACTIVITY = "lastActivity";
        /** Epoch milliseconds until which a prewarmed container is kept (number). */
        public static final String PREWARM_UNTIL = "prewarmUntil";
        /** Who claimed the start: conditional writes after RunTask name it. */
        public static final String START_TOKEN = "startToken";
    }

    /** Settings rows of Telegram linking ({@link Constants#LINKED_TELEGRAM_SETTING} and kin): a map in {@link #VALUE}. */
    public static final class Settings {
        private Settings() {}

        public static final String VALUE = "value";
        /** In {@link #VALUE} of {@link Constants#LINKED_TELEGRAM_SETTING}. */
        public static final String TELEGRAM_USER_ID = "telegramUserId";
        /** In {@link #VALUE} of {@link Constants#LINKED_COGNITO_SETTING} and {@link Constants#OTP_OWNER_SETTING}. */
        public static final String COGNITO_USER_ID = "cognitoUserId";
        /** In {@link #VALUE} of {@link Constants#OTP_SETTING}: the one-time linking code. */
        public static final String OTP_CODE = "code";
    }

    /**
     * Conversations ({@code PK=USER#<userId>}, {@code SK=CONV#<conversationId>#MSG#<epochMillis>}): the bridge
     * writes each turn, the Lambdas' history API and the watchdog's activity hours read them; {@link Constants#TTL}
     * expires them.
     */
    public static final class Conversations {
        private Conversations() {}

        /** A {@link Role} value. */
        public static final String ROLE = "role";

        public static final String CONTENT = "content";
        /** A {@code Channel} name. */
        public static final String CHANNEL = "channel";

        /** Values of {@link #ROLE} (values, not attribute names: the grep test leaves them alone). */
        public static final class Role {
            private Role() {}

            /** What the user wrote. */
            public static final String USER = "user";
            /** The agent's answer. */
            public static final String ASSISTANT = "assistant";
        }
    }

    /**
     * PendingMessages ({@code PK=USER#<userId>}, {@code SK=MSG#<epochMillis>#<uuid>}): the Lambdas queue a message
     * while the user's container starts, the bridge drains the queue when it is ready (and puts back what it could
     * not answer); {@link Constants#TTL} expires them.
     */
    public static final class PendingMessages {
        private PendingMessages() {}

        public static final String MESSAGE = "message";
        /** A {@code Channel} name. */
        public static final String CHANNEL = "channel";
        /** Where a web answer goes (absent for Telegram). */
        public static final String CONNECTION_ID = "connectionId";
        /** Absent for the default conversation. */
        public static final String CONVERSATION_ID = "conversationId";
        /** A {@code Language} name. */
        public static final String LANGUAGE = "language";
        /** ISO-8601 instant the message arrived (the bridge measures latency from it). */
        public static final String CREATED_AT = "createdAt";
    }

    /**
     * Connections ({@code PK=}{@link Constants#CONNECTION_PREFIX}{@code <connectionId>}): $connect writes one per WebSocket with the user, ws-message reads it,
     * $disconnect deletes it; the plugin's user deletion finds a user's connections by the index
     * {@link Constants#CONNECTIONS_BY_USER_INDEX} ({@link #USER_ID}, {@link Constants#CONNECTED_AT}) and writes a
     * {@link Constants#REVOKED_PREFIX} row with {@link #REVOKED_AT}.
     */
    public static final class Connections {
        private Connections() {}

        public static final String USER_ID = "userId";
        /** Epoch seconds the connection's token expires (number): the connection lives no longer. */
        public static final String EXPIRES_AT = "expiresAt";
        /** A {@code Language} name: the language the page asked for. */
        public static final String LANGUAGE = "language";
        /** ISO-8601 instant of the user's deletion, on the {@link Constants#REVOKED_PREFIX} row. */
        public static final String REVOKED_AT = "revokedAt";
    }
}
