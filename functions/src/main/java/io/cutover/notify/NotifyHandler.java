package io.cutover.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Ports;

/**
 * "Notify: …" states: tells people about a phase change. {@code event} is a {@link PhaseEvent} name;
 * {@code summary} a short text from the state; {@code error} the caught error ({@code {Error, Cause}}) if any.
 * {@code frozenAt} (optional, "8 Notify: ready to switch"): when the source was frozen, so that the message states the
 * application downtime. The result echoes the event so the state machine can keep it in its output.
 */
public class NotifyHandler extends TaskHandler<NotifyHandler.Request, NotifyHandler.Result> {
    public record Request(MigrationConfig config, String executionName, PhaseEvent event, String summary, JsonNode error, String frozenAt) {}

    public record Result(String event, String subject) {}

    public NotifyHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public NotifyHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        Notification n = PhaseNotification.publish(ports.notifier(), ports.clock(), request.config().migrationId(), request.executionName(),
                request.event(), request.summary(), request.error(), request.frozenAt());
        return new Result(request.event().name(), n.subject());
    }
}
