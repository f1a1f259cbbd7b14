package io.cutover.local.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.approval.ApprovalReminders;
import io.cutover.core.aws.AwsClients;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@code local/cutover-approve resend}: invokes the deployed reminder function (REMIND_APPROVALS_FUNCTION, the stack's
 * output RemindApprovalsFunctionName) with {@code {"resend": ID, "requestedBy": ARN}}, so that the links are signed where
 * the signing key is (only the approval functions may read it) and published by a function the approvals topic's
 * publishers include. Lambda Invoke, RequestResponse: the function's result is the response payload; a function error
 * is reported in the X-Amz-Function-Error header, {@code FunctionError} in the SDK
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
 */
public final class LambdaResender implements ApproveCommand.Resender {
    public static final String FUNCTION = "REMIND_APPROVALS_FUNCTION";

    private final AwsClients clients;

    public LambdaResender(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public ApprovalReminders.Resent resend(String approvalId, String requestedBy) {
        String function = clients.env().optional(FUNCTION);
        if (function == null) {
            throw new ConfigurationException("set " + FUNCTION + " to resend links (the stack's output RemindApprovalsFunctionName; "
                    + "docs/approvals.md)");
        }
        var payload = Json.object().put("resend", approvalId).put("requestedBy", requestedBy);
        InvokeResponse response;
        try (LambdaClient lambda = clients.build(LambdaClient.builder(), "LAMBDA")) {
            response = lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(Json.write(payload))));
        } catch (SdkException e) {
            throw new ConfigurationException("invoking " + function + " (" + FUNCTION + ") failed: " + e.getMessage());
        }
        String body = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new IllegalStateException(function + " failed (" + response.functionError() + "): " + body);
        }
        JsonNode result = Json.parse(body);
        if (!result.path("resent").isTextual()) {
            throw new IllegalStateException(function + " answered without \"resent\" (is it Cutover's reminder function?): " + body);
        }
        return ApprovalReminders.Resent.valueOf(result.path("resent").asText());
    }
}
