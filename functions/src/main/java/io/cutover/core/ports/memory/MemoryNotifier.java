package io.cutover.core.ports.memory;

import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Notifier;
import java.util.ArrayList;
import java.util.List;

/** Keeps every notification, in order. */
public final class MemoryNotifier implements Notifier {
    private final List<Notification> sent = new ArrayList<>();

    @Override
    public synchronized void publish(Notification notification) {
        sent.add(notification);
    }

    public synchronized List<Notification> sent() {
        return List.copyOf(sent);
    }
}
