package io.cutover.core.aws;

import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Notifier;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Notifications to the stack's SNS topic; subscribers can filter on the {@code event} attribute. */
public final class SnsNotifier implements Notifier {
    /** SNS email subjects: at most 100 printable ASCII characters. */
    static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(Notification n) {
        try {
            sns.publish(r -> r.topicArn(topicArn)
                    .subject(subject(n.subject()))
                    .message(n.body())
                    .messageAttributes(attributes(n)));
        } catch (SdkException e) {
            throw AwsErrors.translate("publishing to " + topicArn, e);
        }
    }

    private static Map<String, MessageAttributeValue> attributes(Notification n) {
        Map<String, MessageAttributeValue> attributes = new java.util.LinkedHashMap<>();
        attributes.put("event", attribute(n.event()));
        attributes.put("migrationId", attribute(n.migrationId()));
        return attributes;
    }

    static String subject(String subject) {
        String ascii = subject.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= MAX_SUBJECT ? ascii : ascii.substring(0, MAX_SUBJECT - 1) + "~";
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value == null ? "-" : value).build();
    }
}
