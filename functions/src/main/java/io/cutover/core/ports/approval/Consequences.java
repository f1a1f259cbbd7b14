package io.cutover.core.ports.approval;

/** What happens on approve, on reject, and when nobody decides before the link expires (plain sentences). */
public record Consequences(String onApprove, String onReject, String onTimeout) {}
