package io.cutover.approval;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;

/**
 * The approval page: an API Gateway HTTP API (payload format 2.0) integration for {@code GET} and
 * {@code POST /approvals/{approvalId}}. GET shows, POST decides (see {@link ApprovalCallback}). It always
 * answers with a page, so a person never sees a bare gateway error.
 */
public class ApprovalCallbackHandler extends TaskHandler<HttpApiRequest, HttpApiResponse> {

    public ApprovalCallbackHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ApprovalCallbackHandler(Ports ports) {
        super(HttpApiRequest.class, ports);
    }

    @Override
    protected HttpApiResponse handle(HttpApiRequest request) {
        return new ApprovalCallback(ports).handle(request);
    }
}
