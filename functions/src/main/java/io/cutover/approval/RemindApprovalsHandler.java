package io.cutover.approval;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import java.util.List;

/**
 * Run by a schedule (EventBridge Scheduler, every 5 minutes): reminds approvers of approvals about to expire
 * (payload {@code {}}). Invoked by the operator's command ({@code local/cutover-approve resend ID}) with
 * {@code {"resend": ID, "requestedBy": ARN}}: sends that approval's links again, so that the signing key stays with
 * the functions. The result lists the approvals reminded, or says what the resend did.
 */
public class RemindApprovalsHandler extends TaskHandler<RemindApprovalsHandler.Request, RemindApprovalsHandler.Result> {
    /** @param resend an approval id to send again now (null: the due reminders); @param requestedBy who asked */
    public record Request(String resend, String requestedBy) {}

    /** @param resent what the resend did (SENT, NOT_FOUND, NOT_WAITING, EXPIRED); null for the scheduled run */
    public record Result(int reminded, List<String> approvalIds, String resent) {}

    public RemindApprovalsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RemindApprovalsHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        ApprovalReminders reminders = new ApprovalReminders(ports);
        if (request != null && request.resend() != null) {
            ApprovalReminders.Resent resent = reminders.resend(request.resend(),
                    request.requestedBy() == null ? "an operator" : request.requestedBy());
            return new Result(resent == ApprovalReminders.Resent.SENT ? 1 : 0,
                    resent == ApprovalReminders.Resent.SENT ? List.of(request.resend()) : List.of(), resent.name());
        }
        List<String> ids = reminders.sendDue();
        return new Result(ids.size(), ids, null);
    }
}
