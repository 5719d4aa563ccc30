package io.github.serverlessopenclaw.plugin.state;

import java.time.Duration;
import java.util.Optional;

/**
 * One line of the reset-state report: a TaskState row (or a task without a row), what was decided and
 * why. {@code applied} is false in a dry run and when the row changed between read and delete.
 */
public record ResetRow(
        String user,
        String status,
        Optional<String> taskArn,
        Optional<Duration> age,
        Action action,
        String reason,
        boolean applied) {

    public enum Action {
        KEEP("keep"),
        DELETE_ROW("delete row"),
        STOP_TASK_DELETE_ROW("stop task, delete row"),
        STOP_TASK("stop task"),
        /** A Lambda rewrote the row (a new task) after we read it: left alone. */
        ROW_CHANGED("keep (row changed meanwhile)");

        private final String text;

        Action(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public boolean stopsTask() {
            return this == STOP_TASK || this == STOP_TASK_DELETE_ROW;
        }

        public boolean deletesRow() {
            return this == DELETE_ROW || this == STOP_TASK_DELETE_ROW;
        }
    }

    /** The action as the report shows it: {@code would ...} when it was not applied in a dry run. */
    public String actionText(boolean dryRun) {
        return (dryRun && action != Action.KEEP ? "would " + action.text() : action.text()) + " (" + reason + ")";
    }
}
