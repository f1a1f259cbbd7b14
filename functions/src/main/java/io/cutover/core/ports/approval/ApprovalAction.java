package io.cutover.core.ports.approval;

import java.util.Locale;
import java.util.Optional;

/** The two buttons. {@link #param()} is how the action is spelled in links and forms. */
public enum ApprovalAction {
    APPROVE("approve", "APPROVED"),
    REJECT("reject", "REJECTED");

    private final String param;
    private final String outcome;

    ApprovalAction(String param, String outcome) {
        this.param = param;
        this.outcome = outcome;
    }

    public String param() {
        return param;
    }

    /** APPROVED / REJECTED: the {@code decision} field of the task output. */
    public String outcome() {
        return outcome;
    }

    public static Optional<ApprovalAction> fromParam(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.toLowerCase(Locale.ROOT);
        for (ApprovalAction a : values()) {
            if (a.param.equals(v)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
