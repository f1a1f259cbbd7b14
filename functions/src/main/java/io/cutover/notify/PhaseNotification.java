package io.cutover.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Builds the message of a phase change: which migration, what happened, what happens next, the details
 * (an error's type and message, a summary) and where the artifacts are. Plain text for email; no secret can
 * reach it because the state carries none.
 */
public final class PhaseNotification {
    private PhaseNotification() {}

    /** Publishes the notification of {@code event} for the migration; returns what was sent. */
    public static Notification publish(Notifier notifier, String migrationId, String executionName, PhaseEvent event, String summary,
                                       JsonNode error) {
        return publish(notifier, null, migrationId, executionName, event, summary, error, null);
    }

    /**
     * As {@link #publish(Notifier, String, String, PhaseEvent, String, JsonNode)}; with {@code frozenAt} (the freeze's
     * drain marker time, written just after read_only was set: ISO-8601) the message also states the application
     * downtime so far, from the freeze to now ({@code clock}).
     */
    public static Notification publish(Notifier notifier, Clock clock, String migrationId, String executionName, PhaseEvent event,
                                       String summary, JsonNode error, String frozenAt) {
        if (event == null) {
            throw new IllegalArgumentException("notify: no event given");
        }
        String text = summary;
        if (frozenAt != null && !frozenAt.isBlank() && clock != null) {
            String downtime = downtime(frozenAt, clock.instant());
            text = summary == null || summary.isBlank() ? downtime : summary.strip() + "\n\n" + downtime;
        }
        Notification n = of(migrationId, executionName, event, text, error, Artifacts.key(migrationId) + "/");
        notifier.publish(n);
        return n;
    }

    /**
     * The application downtime from the freeze to {@code now}: the span in which the application could write nowhere
     * (the source refuses its writes, the target may not take them yet).
     */
    static String downtime(String frozenAt, Instant now) {
        Instant from;
        try {
            from = Instant.parse(frozenAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("notify: frozenAt is not an ISO-8601 instant: " + frozenAt, e);
        }
        double seconds = Math.max(0, Duration.between(from, now).toMillis()) / 1000.0;
        return String.format(Locale.ROOT, "Application downtime so far: %.1f s (the source has refused application writes since %s; "
                + "the application may write to the target from now on).", seconds, from);
    }

    public static Notification of(String migrationId, String executionName, PhaseEvent event, String summary,
                                  JsonNode error, String artifactsLocation) {
        StringBuilder body = new StringBuilder();
        body.append("Migration: ").append(migrationId).append('\n');
        if (executionName != null) {
            body.append("Execution: ").append(executionName).append('\n');
        }
        body.append("Event: ").append(event.subject()).append("\n\n");
        body.append("What happens next: ").append(event.next()).append('\n');
        if (summary != null && !summary.isBlank()) {
            body.append("\n").append(summary.strip()).append('\n');
        }
        if (error != null && !error.isMissingNode() && !error.isNull()) {
            body.append("\nError: ").append(error.path("Error").asText("unknown")).append('\n');
            body.append("Cause: ").append(describeCause(error.path("Cause").asText(""))).append('\n');
        }
        if (artifactsLocation != null) {
            body.append("\nReports and artifacts: ").append(artifactsLocation).append('\n');
        }
        return new Notification(migrationId, event.name(), "Cutover " + migrationId + ": " + event.subject(), body.toString());
    }

    /**
     * A Lambda error's Cause is the JSON error document; people want its message, not the stack. A child execution's
     * failure (startExecution.sync:2) has the child's description as its Cause: people want the child's own error.
     */
    static String describeCause(String cause) {
        if (cause.startsWith("{")) {
            try {
                JsonNode doc = io.cutover.core.json.Json.parse(cause);
                if (doc.has("errorMessage")) {
                    return doc.path("errorMessage").asText() + " (" + doc.path("errorType").asText() + ")";
                }
                if (doc.has("ExecutionArn") && doc.has("Status")) {
                    return "the child execution " + doc.path("ExecutionArn").asText() + " ended " + doc.path("Status").asText()
                            + (doc.has("Error") ? " with " + doc.path("Error").asText() + ": " + describeCause(doc.path("Cause").asText("")) : "");
                }
            } catch (IllegalArgumentException ignored) {
                // not JSON after all: show it as it is
            }
        }
        return cause;
    }
}
