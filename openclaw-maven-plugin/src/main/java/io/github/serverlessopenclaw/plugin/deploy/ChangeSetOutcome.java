package io.github.serverlessopenclaw.plugin.deploy;

import java.util.Locale;

/**
 * How to read a change set once it stopped being created: ready to execute, empty (CloudFormation
 * reports an empty change set as FAILED with a "didn't contain changes" reason), or a real failure.
 * A created change set without resource changes is still executed: it may change outputs, tags or
 * parameters, which CloudFormation does not list as changes.
 */
public enum ChangeSetOutcome {
    PENDING,
    READY,
    EMPTY,
    FAILED;

    public static ChangeSetOutcome of(String status, String reason) {
        switch (status == null ? "" : status) {
            case "CREATE_PENDING", "CREATE_IN_PROGRESS" -> {
                return PENDING;
            }
            case "CREATE_COMPLETE" -> {
                return READY;
            }
            case "FAILED" -> {
                return isNoChangeReason(reason) ? EMPTY : FAILED;
            }
            default -> {
                return FAILED;
            }
        }
    }

    /** The wordings AWS uses for "nothing to do" (change sets and UpdateStack). */
    public static boolean isNoChangeReason(String reason) {
        if (reason == null) {
            return false;
        }
        String text = reason.toLowerCase(Locale.ROOT);
        return text.contains("didn't contain changes")
                || text.contains("no updates are to be performed")
                || text.contains("submitted information didn't contain changes");
    }
}
