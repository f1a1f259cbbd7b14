package io.cutover.core.ports;

/**
 * A message for people (SNS email in AWS, a log file in the rehearsal). {@code event} is a stable code
 * (STARTED, BLOCKED, WAITING_FOR_APPROVAL, FROZEN, CUT_OVER, ROLLED_BACK, FAILED, …) for filtering;
 * {@code subject} is one line; {@code body} says which migration, what happened and what happens next.
 */
public record Notification(String migrationId, String event, String subject, String body) {}
