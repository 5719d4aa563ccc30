package io.github.serverlessopenclaw.common;

/**
 * Attribute names of the rows more than one module reads or writes: the Lambdas, the bridge and the plugin all
 * use these constants, never the names typed in (a test greps for them). Keys and row kinds are in
 * {@link Constants} ({@code PK}, {@code SK}, {@code USER#}, {@code LIMIT#}, {@code QUEUE#containers},
 * {@code REVOKED#}, the {@code SETTING#} kinds), beside {@link Table}.
 */
public final class RowSchema {
    private RowSchema() {
    }

    /**
     * TaskState ({@code PK=USER#<userId>}): the Lambdas claim a start ({@link #STATUS} {@code Starting},
     * {@link #START_TOKEN}, {@link #STARTED_AT}), record the {@link #TASK_ARN}; the bridge marks it Running with
     * its {@link #PUBLIC_IP}, {@link Constants#TASK_STATE_CERT_SHA256} and {@link Constants#TASK_STATE_BRIDGE_TOKEN},
     * and keeps {@link #LAST_ACTIVITY}; the watchdog and the plugin's {@code status} and {@code reset-state} read it.
     */
    public static final class TaskState {
        private TaskState() {
        }

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
        private Settings() {
        }

        public static final String VALUE = "value";
        /** In {@link #VALUE} of {@link Constants#LINKED_TELEGRAM_SETTING}. */
        public static final String TELEGRAM_USER_ID = "telegramUserId";
        /** In {@link #VALUE} of {@link Constants#LINKED_COGNITO_SETTING} and {@link Constants#OTP_OWNER_SETTING}. */
        public static final String COGNITO_USER_ID = "cognitoUserId";
        /** In {@link #VALUE} of {@link Constants#OTP_SETTING}: the one-time linking code. */
        public static final String OTP_CODE = "code";
    }
}
