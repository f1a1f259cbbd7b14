package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What answers a Lambda task locally: a real handler, or a scripted stand-in in state machine tests. */
@FunctionalInterface
public interface FunctionInvoker {
    JsonNode invoke(JsonNode payload) throws Exception;
}
