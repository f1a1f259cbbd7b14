package io.cutover.core.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Puts the migration id, the state name and the execution name into every log line of a task (JSON lines
 * through Powertools' Lambda layout), and logs a failure once before it propagates to Step Functions.
 * Powertools' functional API is used (no AspectJ weaving); it clears the context after each invocation.
 */
public final class TaskLogging {
    public static final String MIGRATION_ID = "migration_id";
    public static final String STATE = "state";
    public static final String EXECUTION = "execution";

    private static final Logger LOG = LoggerFactory.getLogger(TaskLogging.class);

    private TaskLogging() {}

    public static <T> T run(Context context, JsonNode payload, Supplier<T> task) {
        Supplier<T> withContext = () -> {
            put(MIGRATION_ID, migrationId(payload));
            put(STATE, text(payload, "stateName"));
            put(EXECUTION, text(payload, "executionName"));
            try {
                T result = task.get();
                LOG.info("task finished");
                return result;
            } catch (RuntimeException e) {
                // Step Functions records the error type and message; the log keeps the stack for us.
                LOG.error("task failed: {}: {}", e.getClass().getName(), e.getMessage(), e);
                throw e;
            }
        };
        if (context == null) {
            try {
                return withContext.get();
            } finally {
                MDC.clear();
            }
        }
        return PowertoolsLogging.withLogging(context, withContext);
    }

    /** The migration id wherever a payload carries it: {@code config}, the raw {@code input}, or the top level. */
    static String migrationId(JsonNode payload) {
        for (String parent : new String[] {"config", "input"}) {
            JsonNode id = payload.path(parent).path("migrationId");
            if (id.isTextual()) {
                return id.asText();
            }
        }
        return text(payload, "migrationId");
    }

    private static String text(JsonNode payload, String field) {
        JsonNode v = payload.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    /**
     * Puts {@code value} into the log context as it can safely be repeated on every line: at most {@link #MAX_VALUE}
     * characters, line breaks and other control or separator characters (U+2028, U+0085…) as {@code ?}. These values
     * come from the payload before it is validated: a 1 MB migrationId must not become 1 MB on every log line.
     */
    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, safe(value));
        }
    }

    static final int MAX_VALUE = 80;

    static String safe(String value) {
        String shown = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        StringBuilder out = new StringBuilder(shown.length() + 24);
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        if (value.length() > MAX_VALUE) {
            out.append("…(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
