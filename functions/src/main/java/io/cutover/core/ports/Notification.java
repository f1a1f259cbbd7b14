package io.cutover.core.ports;

/**
 * A message for people (SNS email in AWS, a log file in the rehearsal). {@code event} is a stable code
 * (STARTED, BLOCKED, WAITING_FOR_APPROVAL, FROZEN, CUT_OVER, ROLLED_BACK, FAILED, …) for filtering;
 * {@code subject} is one line; {@code body} says which migration, what happened and what happens next.
 *
 * <p>Names in a message come from the databases and from people (a table named with a U+2028 LINE SEPARATOR is legal
 * in MySQL, an approver can type one): every line break other than the body's own {@code \n}, every other control
 * character and the bidirectional overrides are written as {@code \}{@code uXXXX}, so a name can neither start a line
 * that looks like Cutover's nor reorder what a reader sees.
 */
public record Notification(String migrationId, String event, String subject, String body) {
    public Notification {
        subject = subject == null ? null : escape(subject, false);
        body = body == null ? null : escape(body, true);
    }

    /** {@code text} with the characters above escaped; {@code \n} and {@code \t} kept when {@code multiLine}. */
    public static String escape(String text, boolean multiLine) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean kept = multiLine && (c == '\n' || c == '\t') || !unsafe(c);
            if (kept) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(String.format("\\u%04X", (int) c));
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
    }
}
