package io.cutover.core.ports;

public interface Notifier {
    void publish(Notification notification);
}
