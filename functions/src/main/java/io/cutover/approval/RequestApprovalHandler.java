package io.cutover.approval;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;

/**
 * "Freeze approval" / "Cutover approval": invoked with {@code lambda:invoke.waitForTaskToken}. Stores the task
 * token server side and sends the approvers a message with signed approve / reject links; the state machine
 * then waits until the callback handler (behind the approval page) answers, or the state's timeout.
 */
public class RequestApprovalHandler extends TaskHandler<ApprovalRequest, ApprovalRequested> {

    public RequestApprovalHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RequestApprovalHandler(Ports ports) {
        super(ApprovalRequest.class, ports);
    }

    @Override
    protected ApprovalRequested handle(ApprovalRequest request) {
        return new ApprovalRequester(ports).request(request);
    }
}
