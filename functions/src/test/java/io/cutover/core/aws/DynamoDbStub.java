package io.cutover.core.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.cutover.core.config.Env;
import io.cutover.core.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local HTTP stub shaped like the DynamoDB API (JSON 1.0 protocol: POST /, {@code X-Amz-Target:
 * DynamoDB_20120810.<Op>}, {@code application/x-amz-json-1.0}), backed by one in-memory table, with the
 * semantics the adapter relies on: conditional PutItem / UpdateItem evaluated atomically (one lock), so that of
 * racing conditional writes exactly one succeeds and the others get ConditionalCheckFailedException (with the
 * item when ReturnValuesOnConditionCheckFailure is ALL_OLD); GetItem; Scan with filter, projection and pages.
 * Expressions are interpreted for the grammar the adapter uses ({@code a = :v}, comparisons, AND,
 * attribute_(not_)exists, SET / REMOVE); anything else, and unused placeholders, is a ValidationException as in
 * DynamoDB. WireMock records every request, so tests can assert their shapes too.
 */
final class DynamoDbStub implements AutoCloseable {
    static final String TABLE = "cutover-approvals";
    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final Map<String, ObjectNode> items = new LinkedHashMap<>();
    private final WireMockServer server;
    private volatile int scanPageSize = 100;

    DynamoDbStub() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Table()));
        server.start();
        server.stubFor(post("/").willReturn(aResponse().withTransformers("dynamodb-table")));
    }

    WireMockServer server() {
        return server;
    }

    AwsClients clients() {
        return clients(Map.of());
    }

    /** Clients pointed at this stub, with {@code extraEnv} added to their environment. */
    AwsClients clients(Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put(Env.REGION, "eu-west-1");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.port());
        return new AwsClients(new Env(env), StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret-key")));
    }

    void scanPageSize(int size) {
        scanPageSize = size;
    }

    synchronized ObjectNode item(String id) {
        ObjectNode item = items.get(id);
        return item == null ? null : item.deepCopy();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Table implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "dynamodb-table";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String target = event.getRequest().getHeader("X-Amz-Target");
            JsonNode request = Json.parse(event.getRequest().getBodyAsString());
            try {
                synchronized (DynamoDbStub.this) {
                    if (!TABLE.equals(request.path("TableName").asText())) {
                        throw new Failure("ResourceNotFoundException", "Requested resource not found");
                    }
                    checkPlaceholdersUsed(request);
                    JsonNode result = switch (target == null ? "" : target) {
                        case "DynamoDB_20120810.PutItem" -> putItem(request);
                        case "DynamoDB_20120810.GetItem" -> getItem(request);
                        case "DynamoDB_20120810.UpdateItem" -> updateItem(request);
                        case "DynamoDB_20120810.Scan" -> scan(request);
                        default -> throw new Failure("UnknownOperationException", "unknown operation " + target);
                    };
                    return respond(200, result);
                }
            } catch (Failure f) {
                return respond(400, f.body);
            }
        }
    }

    private static ResponseDefinition respond(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", "stub-" + System.nanoTime()).withBody(Json.write(body)).build();
    }

    private JsonNode putItem(JsonNode request) {
        ObjectNode item = (ObjectNode) request.get("Item").deepCopy();
        String id = keyOf(item);
        ObjectNode current = items.get(id);
        checkCondition(request, current);
        items.put(id, item);
        return Json.object();
    }

    private JsonNode getItem(JsonNode request) {
        ObjectNode current = items.get(keyOf(request.get("Key")));
        ObjectNode out = Json.object();
        if (current != null) {
            out.set("Item", current.deepCopy());
        }
        return out;
    }

    private JsonNode updateItem(JsonNode request) {
        String id = keyOf(request.get("Key"));
        ObjectNode current = items.get(id);
        checkCondition(request, current);
        ObjectNode updated = current == null ? (ObjectNode) request.get("Key").deepCopy() : current.deepCopy();
        applyUpdate(request, updated);
        items.put(id, updated);
        ObjectNode out = Json.object();
        if ("ALL_NEW".equals(request.path("ReturnValues").asText())) {
            out.set("Attributes", updated.deepCopy());
        }
        return out;
    }

    private JsonNode scan(JsonNode request) {
        List<String> ids = new ArrayList<>(items.keySet());
        int from = 0;
        if (request.has("ExclusiveStartKey")) {
            from = ids.indexOf(keyOf(request.get("ExclusiveStartKey"))) + 1;
        }
        int to = Math.min(ids.size(), from + scanPageSize);
        ArrayNode found = Json.MAPPER.createArrayNode();
        for (String id : ids.subList(from, to)) {
            ObjectNode item = items.get(id);
            if (!request.has("FilterExpression") || evaluate(request.get("FilterExpression").asText(), request, item)) {
                found.add(project(request, item));
            }
        }
        ObjectNode out = Json.object();
        out.set("Items", found);
        out.put("Count", found.size());
        out.put("ScannedCount", to - from);
        if (to < ids.size()) {
            out.putObject("LastEvaluatedKey").set("approvalId", items.get(ids.get(to - 1)).get("approvalId"));
        }
        return out;
    }

    private static JsonNode project(JsonNode request, ObjectNode item) {
        if (!request.has("ProjectionExpression")) {
            return item.deepCopy();
        }
        ObjectNode out = Json.object();
        for (String name : request.get("ProjectionExpression").asText().split("\\s*,\\s*")) {
            String attribute = attributeName(name.strip(), request);
            if (item.has(attribute)) {
                out.set(attribute, item.get(attribute).deepCopy());
            }
        }
        return out;
    }

    private static String keyOf(JsonNode key) {
        JsonNode id = key.path("approvalId").path("S");
        if (!id.isTextual()) {
            throw new Failure("ValidationException", "The provided key element does not match the schema");
        }
        return id.asText();
    }

    private static void checkCondition(JsonNode request, ObjectNode current) {
        if (!request.has("ConditionExpression")) {
            return;
        }
        if (!evaluate(request.get("ConditionExpression").asText(), request, current == null ? Json.object() : current)) {
            ObjectNode body = error("ConditionalCheckFailedException", "The conditional request failed");
            if ("ALL_OLD".equals(request.path("ReturnValuesOnConditionCheckFailure").asText()) && current != null) {
                body.set("Item", current.deepCopy());
            }
            throw new Failure(body);
        }
    }

    private static final Pattern FUNCTION = Pattern.compile("(attribute_exists|attribute_not_exists)\\(\\s*([#\\w]+)\\s*\\)");
    private static final Pattern COMPARISON = Pattern.compile("([#:\\w]+)\\s*(=|<>|<=|>=|<|>)\\s*([#:\\w]+)");

    private static boolean evaluate(String expression, JsonNode request, ObjectNode item) {
        for (String term : expression.split("\\s+AND\\s+")) {
            term = term.strip();
            if (term.startsWith("(") && term.endsWith(")")) {
                // a parenthesised disjunction of comparisons: (a OR b OR ...)
                boolean any = false;
                for (String alternative : term.substring(1, term.length() - 1).split("\\s+OR\\s+")) {
                    any |= evaluate(alternative.strip(), request, item);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            Matcher f = FUNCTION.matcher(term);
            Matcher c = COMPARISON.matcher(term);
            boolean holds;
            if (f.matches()) {
                boolean exists = item.has(attributeName(f.group(2), request));
                holds = f.group(1).equals("attribute_exists") == exists;
            } else if (c.matches()) {
                holds = compare(operand(c.group(1), request, item), c.group(2), operand(c.group(3), request, item));
            } else {
                throw new Failure("ValidationException", "Invalid expression (not understood by the stub): " + term);
            }
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode operand(String token, JsonNode request, ObjectNode item) {
        if (token.startsWith(":")) {
            JsonNode value = request.path("ExpressionAttributeValues").get(token);
            if (value == null) {
                throw new Failure("ValidationException", "An expression attribute value used in expression is not defined; "
                        + "attribute value: " + token);
            }
            return value;
        }
        return item.get(attributeName(token, request));
    }

    private static boolean compare(JsonNode left, String op, JsonNode right) {
        if (left == null || right == null) {
            return false;
        }
        int cmp;
        if (left.has("N") && right.has("N")) {
            cmp = new BigDecimal(left.get("N").asText()).compareTo(new BigDecimal(right.get("N").asText()));
        } else if (left.has("S") && right.has("S")) {
            cmp = left.get("S").asText().compareTo(right.get("S").asText());
        } else {
            return op.equals("<>");
        }
        return switch (op) {
            case "=" -> cmp == 0;
            case "<>" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private static void applyUpdate(JsonNode request, ObjectNode item) {
        String expression = request.path("UpdateExpression").asText();
        Matcher clauses = Pattern.compile("(SET|REMOVE|ADD|DELETE)\\s+(.*?)(?=\\s+(?:SET|REMOVE|ADD|DELETE)\\s+|$)").matcher(expression);
        boolean any = false;
        while (clauses.find()) {
            any = true;
            for (String action : clauses.group(2).split("\\s*,\\s*")) {
                switch (clauses.group(1)) {
                    case "SET" -> {
                        String[] parts = action.split("\\s*=\\s*");
                        if (parts.length != 2 || !parts[1].startsWith(":")) {
                            throw new Failure("ValidationException", "Invalid UpdateExpression (not understood by the stub): " + action);
                        }
                        item.set(attributeName(parts[0].strip(), request), operand(parts[1].strip(), request, item).deepCopy());
                    }
                    case "REMOVE" -> item.remove(attributeName(action.strip(), request));
                    default -> throw new Failure("ValidationException", clauses.group(1) + " is not supported by the stub");
                }
            }
        }
        if (!any) {
            throw new Failure("ValidationException", "Invalid UpdateExpression: " + expression);
        }
    }

    private static String attributeName(String token, JsonNode request) {
        if (!token.startsWith("#")) {
            return token;
        }
        JsonNode name = request.path("ExpressionAttributeNames").get(token);
        if (name == null) {
            throw new Failure("ValidationException", "An expression attribute name used in the document path is not defined; "
                    + "attribute name: " + token);
        }
        return name.asText();
    }

    /** DynamoDB refuses placeholders that no expression uses. */
    private static void checkPlaceholdersUsed(JsonNode request) {
        StringBuilder all = new StringBuilder();
        for (String field : List.of("ConditionExpression", "UpdateExpression", "FilterExpression", "ProjectionExpression",
                "KeyConditionExpression")) {
            all.append(' ').append(request.path(field).asText(""));
        }
        Set<String> used = new HashSet<>();
        Matcher m = Pattern.compile("[#:]\\w+").matcher(all);
        while (m.find()) {
            used.add(m.group());
        }
        for (String field : List.of("ExpressionAttributeNames", "ExpressionAttributeValues")) {
            List<String> unused = new ArrayList<>();
            request.path(field).fieldNames().forEachRemaining(n -> {
                if (!used.contains(n)) {
                    unused.add(n);
                }
            });
            if (!unused.isEmpty()) {
                throw new Failure("ValidationException", "Value provided in " + field + " unused in expressions: keys: " + unused);
            }
        }
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode body = Json.object();
        body.put("__type", PREFIX + type);
        body.put("message", message);
        return body;
    }

    private static final class Failure extends RuntimeException {
        final ObjectNode body;

        Failure(String type, String message) {
            this(error(type, message));
        }

        Failure(ObjectNode body) {
            super(body.path("message").asText(), null, false, false);
            this.body = body;
        }
    }
}
