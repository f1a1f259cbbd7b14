package io.cutover.core.aws;

import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientAwsException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an SDK failure (after the SDK's own retries) into Cutover's typed errors. */
public final class AwsErrors {
    private static final Set<String> ACCESS_CODES = Set.of("AccessDenied", "AccessDeniedException", "AccessDeniedFault",
            "UnauthorizedOperation", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException",
            "KMSAccessDeniedFault", "AuthorizationError");

    private AwsErrors() {}

    /** Null when the error is neither transient nor about access: the caller decides (e.g. "not found"). */
    public static CutoverException translateOrNull(String doing, SdkException e) {
        if (e instanceof AwsServiceException ase) {
            String code = errorCode(ase);
            if (code != null && ACCESS_CODES.contains(code) || ase.statusCode() == 403) {
                return new AccessDeniedException(doing + " was denied (" + code + "): " + ase.awsErrorDetails().errorMessage()
                        + ". Check the function's IAM policy in template.yaml.", e);
            }
            if (ase.isThrottlingException() || ase.statusCode() >= 500) {
                return new TransientAwsException(doing + " failed after retries (" + code + ", HTTP " + ase.statusCode() + ")", e);
            }
            return null;
        }
        if (e instanceof SdkClientException) {
            return new TransientAwsException(doing + " could not reach AWS: " + e.getMessage(), e);
        }
        return null;
    }

    /**
     * The service's error code as the protocols define it: the SDK takes it from the X-Amzn-Errortype header or the
     * body's __type, and does not strip everything a JSON-protocol service may send around it. Smithy's awsJson 1.0 /
     * 1.1 protocols: "If a : character is present, then take only the contents before the first : character in the
     * value. If a # character is present, then take only the contents after the first # character in the value"
     * (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization). Null when the
     * exception carries no error details.
     */
    public static String errorCode(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code == null) {
            return null;
        }
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        int hash = code.indexOf('#');
        return hash >= 0 ? code.substring(hash + 1) : code;
    }

    /** Like {@link #translateOrNull}, but anything else becomes a runtime error with the AWS message. */
    public static RuntimeException translate(String doing, SdkException e) {
        CutoverException known = translateOrNull(doing, e);
        if (known != null) {
            return known;
        }
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return new IllegalStateException(doing + " failed (" + ase.awsErrorDetails().errorCode() + "): "
                    + ase.awsErrorDetails().errorMessage(), e);
        }
        return new IllegalStateException(doing + " failed: " + e.getMessage(), e);
    }
}
