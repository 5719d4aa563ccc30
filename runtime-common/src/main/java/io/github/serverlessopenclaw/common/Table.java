package io.github.serverlessopenclaw.common;

/**
 * The five DynamoDB tables of a deployment. The physical name comes from {@link AppNames#table(Table)};
 * the runtimes read it from the environment variable {@link #envVar()}, which the stacks set.
 */
public enum Table {
    CONVERSATIONS("Conversations", "CONVERSATIONS_TABLE"),
    SETTINGS("Settings", "SETTINGS_TABLE"),
    TASK_STATE("TaskState", "TASK_STATE_TABLE"),
    CONNECTIONS("Connections", "CONNECTIONS_TABLE"),
    PENDING_MESSAGES("PendingMessages", "PENDING_MESSAGES_TABLE");

    private final String suffix;
    private final String envVar;

    Table(String suffix, String envVar) {
        this.suffix = suffix;
        this.envVar = envVar;
    }

    /** The part of the physical name after {@code <appName>-}. */
    public String suffix() {
        return suffix;
    }

    /** The environment variable that carries the physical table name to the runtimes. */
    public String envVar() {
        return envVar;
    }

    /** Reads this table's physical name from the environment, failing clearly when it is not set. */
    public String nameFromEnv() {
        return Env.require(envVar);
    }
}
