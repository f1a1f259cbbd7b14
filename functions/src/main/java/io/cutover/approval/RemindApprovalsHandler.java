package io.cutover.approval;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import java.util.List;

/**
 * Run by a schedule (EventBridge Scheduler, every 5 minutes): reminds approvers of approvals about to expire.
 * The payload is ignored (send {@code {}}); the result lists the approvals reminded.
 */
public class RemindApprovalsHandler extends TaskHandler<RemindApprovalsHandler.Request, RemindApprovalsHandler.Result> {
    public record Request() {}

    public record Result(int reminded, List<String> approvalIds) {}

    public RemindApprovalsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RemindApprovalsHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        List<String> ids = new ApprovalReminders(ports).sendDue();
        return new Result(ids.size(), ids);
    }
}
