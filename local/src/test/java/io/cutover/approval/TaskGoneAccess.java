package io.cutover.approval;

/** Opens {@link TaskGone}'s rule to the AWS contract suite (another package): the rule itself is checked there. */
public final class TaskGoneAccess {
    private TaskGoneAccess() {}

    public static boolean isTaskGone(Throwable error) {
        return TaskGone.is(error);
    }
}
