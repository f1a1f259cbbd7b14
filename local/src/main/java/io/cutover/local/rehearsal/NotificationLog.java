package io.cutover.local.rehearsal;

import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The rehearsal's notification log: every message the handlers publish (what SNS would email) is appended to one
 * text file, in order, with its time and event code, then handed to the next notifier (the local inbox, whose
 * approval page reads it).
 */
public final class NotificationLog implements Notifier {
    private final Path file;
    private final Notifier next;
    private final Clock clock;
    private int count;

    public NotificationLog(Path file, Notifier next, Clock clock) {
        this.file = file;
        this.next = next;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    public synchronized int count() {
        return count;
    }

    @Override
    public void publish(Notification n) {
        synchronized (this) {
            count++;
            StringBuilder entry = new StringBuilder();
            entry.append("=== #").append(count).append(' ').append(clock.instant()).append(' ')
                    .append(n.event()).append(" (migration ").append(n.migrationId()).append(")\n");
            entry.append("Subject: ").append(n.subject()).append("\n\n");
            entry.append(n.body().stripTrailing()).append("\n\n");
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("writing the notification log " + file, e);
            }
        }
        if (next != null) {
            next.publish(n);
        }
    }
}
