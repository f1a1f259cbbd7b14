package io.cutover.approval;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.approval.ApprovalAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies approval links with HMAC-SHA256 (the JDK's {@link Mac}). A link carries an opaque
 * approval id, the action, an expiry (epoch seconds) and the signature over all three, so that changing any
 * of them, or making a link up, gives a link that is refused. The id itself is an HMAC of the task token: it is
 * stable for a retried request and reveals nothing about the token.
 */
public final class LinkSigner {
    /** Bytes of key material required: HMAC-SHA256's block is 64; 32 random bytes is the usual floor. */
    public static final int MIN_KEY_LENGTH = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern EXPIRES = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    public LinkSigner(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_LENGTH) {
            throw new ConfigurationException("the approval signing secret must hold at least " + MIN_KEY_LENGTH
                    + " bytes of random text (generate it with Secrets Manager, see docs/approvals.md)");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The opaque id of the approval that waits on {@code taskToken}: 128 bits, URL safe, one-way. */
    public String approvalId(String taskToken) {
        return BASE64URL.encodeToString(Arrays.copyOf(mac("cutover-approval-id\n" + taskToken), 16));
    }

    public SignedLink link(String approvalId, ApprovalAction action, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        return new SignedLink(approvalId, action, expires, signature(approvalId, action.param(), Long.toString(expires)));
    }

    /**
     * Checks link data as received (strings from a query string or a form). Order matters: the signature is
     * checked before the expiry, so a link whose expiry was pushed back is forged, not "expired later".
     */
    public LinkCheck verify(String approvalId, String action, String expires, String signature, Instant now) {
        if (approvalId == null || !ID.matcher(approvalId).matches()) {
            return new LinkCheck.Malformed("approval id");
        }
        if (ApprovalAction.fromParam(action).isEmpty()) {
            return new LinkCheck.Malformed("action");
        }
        if (expires == null || !EXPIRES.matcher(expires).matches()) {
            return new LinkCheck.Malformed("expiry");
        }
        if (signature == null || !SIGNATURE.matcher(signature).matches()) {
            return new LinkCheck.Malformed("signature");
        }
        byte[] expected = signature(approvalId, action, expires).getBytes(StandardCharsets.US_ASCII);
        // constant time: the comparison must not tell how many leading characters were right
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return new LinkCheck.Forged();
        }
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(expires));
        ApprovalAction parsed = ApprovalAction.fromParam(action).orElseThrow();
        if (!now.isBefore(expiresAt)) {
            return new LinkCheck.Expired(approvalId, expiresAt);
        }
        return new LinkCheck.Valid(approvalId, parsed, expiresAt);
    }

    private String signature(String approvalId, String action, String expires) {
        return BASE64URL.encodeToString(mac("cutover-approval-link/v1\n" + approvalId + "\n" + action + "\n" + expires));
    }

    private byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
