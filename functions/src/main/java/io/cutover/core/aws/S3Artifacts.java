package io.cutover.core.aws;

import io.cutover.core.ports.Artifacts;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Artifacts in the stack's S3 bucket (encrypted, private; see template.yaml). */
public final class S3Artifacts implements Artifacts {
    private final S3Client s3;
    private final String bucket;

    public S3Artifacts(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String put(String key, byte[] body, String contentType) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw AwsErrors.translate("writing s3://" + bucket + "/" + key, e);
        }
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("reading s3://" + bucket + "/" + key, e);
        }
    }
}
