package io.cutover.local.approval;

import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The rehearsal's mailbox: every notification the handlers publish (approval requests, reminders, phase
 * changes), in order, shown at {@code /inbox} by {@link LocalApprovalServer} and, when a directory is given,
 * written there as one text file per message ({@code 001-WAITING_FOR_APPROVAL.txt}) so a person can read them.
 */
public final class LocalInbox implements Notifier {
    /** One received message. */
    public record Message(int number, Instant receivedAt, Notification notification) {}

    private final List<Message> messages = new ArrayList<>();
    private final Path directory;
    private final Clock clock;

    public LocalInbox() {
        this(null, Clock.systemUTC());
    }

    public LocalInbox(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void publish(Notification notification) {
        Message message;
        synchronized (this) {
            message = new Message(messages.size() + 1, clock.instant(), notification);
            messages.add(message);
            notifyAll();
        }
        if (directory != null) {
            write(message);
        }
    }

    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Waits for the first message numbered above {@code after} that matches {@code filter}. */
    public Notification await(int after, Predicate<Notification> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (Message m : messages.subList(Math.min(after, messages.size()), messages.size())) {
                    if (filter.test(m.notification())) {
                        return m.notification();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no matching message within " + timeout + "; inbox: "
                            + messages.stream().map(m -> m.notification().subject()).toList());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /** Waits for the next approval request (event WAITING_FOR_APPROVAL) numbered above {@code after}. */
    public Notification awaitApprovalRequest(int after, Duration timeout) {
        return await(after, n -> "WAITING_FOR_APPROVAL".equals(n.event()), timeout);
    }

    public synchronized int size() {
        return messages.size();
    }

    private void write(Message message) {
        Notification n = message.notification();
        Path file = directory.resolve(String.format("%03d-%s.txt", message.number(), n.event() == null ? "MESSAGE" : n.event()));
        try {
            Files.createDirectories(directory);
            Files.writeString(file, "Subject: " + n.subject() + "\nMigration: " + n.migrationId() + "\nReceived: "
                    + message.receivedAt() + "\n\n" + n.body(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
