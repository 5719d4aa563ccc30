package io.github.serverlessopenclaw.plugin.deploy;

/** What a CloudFormation stack status means for the next deploy. */
public enum StackState {
    /** No stack, or a deleted one. */
    ABSENT,
    /** A change set was created but never executed: nothing exists, safe to delete and create. */
    REVIEW,
    /** Creation failed (ROLLBACK_COMPLETE and friends): CloudFormation only allows deleting it. */
    FAILED_CREATE,
    /** Something is running on it; wait first. */
    IN_PROGRESS,
    /** Deployed and updatable (including UPDATE_ROLLBACK_COMPLETE: the previous version is live). */
    STABLE,
    /** An update could not be rolled back; the user must repair it in the console. */
    BROKEN;

    public static StackState of(String status) {
        if (status == null || status.isEmpty() || status.equals("DELETE_COMPLETE")) {
            return ABSENT;
        }
        return switch (status) {
            case "REVIEW_IN_PROGRESS" -> REVIEW;
            case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED" -> FAILED_CREATE;
            case "UPDATE_ROLLBACK_FAILED", "DELETE_FAILED" -> BROKEN;
            default -> status.endsWith("_IN_PROGRESS") ? IN_PROGRESS : STABLE;
        };
    }

    /** Terminal statuses after a create or update was started. */
    public static boolean isTerminal(String status) {
        return !status.endsWith("_IN_PROGRESS") || status.equals("REVIEW_IN_PROGRESS");
    }

    /** Terminal statuses that mean the create/update did what was asked. */
    public static boolean isSuccess(String status) {
        return status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE") || status.equals("IMPORT_COMPLETE");
    }
}
