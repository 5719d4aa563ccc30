package io.github.serverlessopenclaw.common;

/** Status of a user's container in the TaskState table. No row and {@code Idle} both mean: no task. */
public enum TaskStatus {
    Idle,
    Starting,
    Running,
    Stopping
}
