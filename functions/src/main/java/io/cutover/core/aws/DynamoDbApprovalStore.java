package io.cutover.core.aws;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.ApprovalStore;
import io.cutover.core.ports.approval.ClaimResult;
import io.cutover.core.ports.approval.Consequences;
import io.cutover.core.ports.approval.Decision;
import io.cutover.core.ports.approval.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Approvals in a DynamoDB table (partition key {@code approvalId}, string; TTL attribute {@code deleteAfter}).
 * Single use comes from conditional writes: a claim is an UpdateItem whose ConditionExpression requires
 * {@code status = PENDING} and an unexpired {@code expiresAt}, so DynamoDB accepts exactly one of any number of
 * racing claims and answers ConditionalCheckFailedException to the others (with the item as it is, which says
 * why). Expiry is checked in the condition, never left to TTL (TTL deletes up to days late); TTL only cleans
 * up, {@value #RETENTION_DAYS} days after the expiry (the decision stays readable for the audit until then).
 */
public final class DynamoDbApprovalStore implements ApprovalStore {
    public static final int RETENTION_DAYS = 30;

    // attribute names (several are DynamoDB reserved words, so expressions always go through #placeholders)
    static final String ID = "approvalId";
    static final String GATE = "gate";
    static final String MIGRATION = "migrationId";
    static final String EXECUTION = "executionName";
    static final String STATE = "stateName";
    static final String TOKEN = "taskToken";
    static final String EVIDENCE = "evidence";
    static final String ON_APPROVE = "onApprove";
    static final String ON_REJECT = "onReject";
    static final String ON_TIMEOUT = "onTimeout";
    static final String CREATED_AT = "createdAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String REMIND_AT = "remindAt";
    static final String REMINDED_AT = "remindedAt";
    static final String STATUS = "status";
    static final String DECISION_ID = "decisionId";
    static final String DECISION = "decision";
    static final String DECIDED_BY = "decidedBy";
    static final String COMMENT = "decisionComment";
    static final String SOURCE_IP = "sourceIp";
    static final String USER_AGENT = "userAgent";
    static final String DECIDED_AT = "decidedAt";
    static final String CUTOVER_IN_ADVANCE = "cutoverInAdvance";
    static final String CHANNEL = "decisionChannel";
    static final String FINISHED_AT = "finishedAt";
    static final String DELETE_AFTER = "deleteAfter";

    private static final List<String> DECISION_ATTRIBUTES = List.of(DECISION_ID, DECISION, DECIDED_BY, COMMENT, SOURCE_IP,
            USER_AGENT, DECIDED_AT, CUTOVER_IN_ADVANCE, CHANNEL);
    /** Everything but the task token: what a reminder needs. */
    private static final List<String> WITHOUT_TOKEN = List.of(ID, GATE, MIGRATION, EXECUTION, STATE, EVIDENCE, ON_APPROVE,
            ON_REJECT, ON_TIMEOUT, CREATED_AT, EXPIRES_AT, REMIND_AT, REMINDED_AT, STATUS);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbApprovalStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Approval createIfAbsent(Approval approval) {
        try {
            call("storing approval " + approval.approvalId(), () -> dynamo.putItem(r -> r.tableName(table)
                    .item(toItem(approval))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return approval;
        } catch (ConditionalCheckFailedException e) {
            // A retried request: keep what is stored (same id, same links).
            if (e.hasItem() && !e.item().isEmpty()) {
                return fromItem(e.item());
            }
            return find(approval.approvalId()).orElseThrow(() -> new IllegalStateException(
                    "approval " + approval.approvalId() + " exists and cannot be read"));
        }
    }

    @Override
    public Optional<Approval> find(String approvalId) {
        var response = call("reading approval " + approvalId, () -> dynamo.getItem(r -> r.tableName(table)
                .key(key(approvalId)).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    @Override
    public ClaimResult claim(String approvalId, Decision decision, Instant now) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        StringBuilder set = new StringBuilder("SET #status = :deciding");
        names.put("#status", STATUS);
        values.put(":deciding", s(ApprovalStatus.DECIDING.name()));
        decisionAttributes(decision).forEach((attribute, value) -> {
            set.append(", #").append(attribute).append(" = :").append(attribute);
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, value);
        });
        names.put("#expiresAt", EXPIRES_AT);
        values.put(":pending", s(ApprovalStatus.PENDING.name()));
        values.put(":now", n(now));
        try {
            var response = call("claiming approval " + approvalId, () -> dynamo.updateItem(r -> r.tableName(table)
                    .key(key(approvalId))
                    .updateExpression(set.toString())
                    .conditionExpression("#status = :pending AND #expiresAt > :now")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return new ClaimResult.Claimed(fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            Approval current = e.hasItem() && !e.item().isEmpty() ? fromItem(e.item()) : null;
            return ClaimResult.refusal(current, now);
        }
    }

    @Override
    public boolean finish(String approvalId, String decisionId, ApprovalStatus outcome, Instant now) {
        if (outcome != ApprovalStatus.DECIDED && outcome != ApprovalStatus.NO_LONGER_WAITING) {
            throw new IllegalArgumentException("finish: outcome must be DECIDED or NO_LONGER_WAITING, not " + outcome);
        }
        return heldUpdate("finishing approval " + approvalId, approvalId, decisionId,
                "SET #status = :outcome, #finishedAt = :now REMOVE #taskToken",
                Map.of("#finishedAt", FINISHED_AT, "#taskToken", TOKEN),
                Map.of(":outcome", s(outcome.name()), ":now", n(now)));
    }

    @Override
    public boolean release(String approvalId, String decisionId) {
        Map<String, String> names = new HashMap<>();
        List<String> placeholders = new ArrayList<>();
        for (String attribute : DECISION_ATTRIBUTES) {
            names.put("#" + attribute, attribute);
            placeholders.add("#" + attribute);
        }
        return heldUpdate("releasing approval " + approvalId, approvalId, decisionId,
                "SET #status = :pending REMOVE " + String.join(", ", placeholders), names,
                Map.of(":pending", s(ApprovalStatus.PENDING.name())));
    }

    /** An update allowed only to the holder of the claim: status DECIDING with this decision id. */
    private boolean heldUpdate(String doing, String approvalId, String decisionId, String update,
                               Map<String, String> extraNames, Map<String, AttributeValue> extraValues) {
        Map<String, String> names = new HashMap<>(extraNames);
        names.put("#status", STATUS);
        names.put("#decisionId", DECISION_ID);
        Map<String, AttributeValue> values = new HashMap<>(extraValues);
        values.put(":deciding", s(ApprovalStatus.DECIDING.name()));
        values.put(":decisionId", s(decisionId));
        try {
            call(doing, () -> dynamo.updateItem(r -> r.tableName(table).key(key(approvalId))
                    .updateExpression(update)
                    .conditionExpression("#status = :deciding AND #decisionId = :decisionId")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<Approval> waiting(Instant now) {
        Map<String, String> names = new HashMap<>();
        List<String> attributes = new ArrayList<>(WITHOUT_TOKEN);
        attributes.addAll(DECISION_ATTRIBUTES);
        for (String attribute : attributes) {
            names.put("#" + attribute, attribute);
        }
        String projection = String.join(", ", attributes.stream().map(a -> "#" + a).toList());
        List<Approval> waiting = new ArrayList<>();
        // A Scan, as for the reminders: two items per execution until TTL removes them.
        call("scanning approvals waiting for a decision", () -> {
            dynamo.scanPaginator(r -> r.tableName(table)
                    .consistentRead(true)
                    .projectionExpression(projection)
                    .filterExpression("(#status = :pending OR #status = :deciding) AND #expiresAt > :now")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":pending", s(ApprovalStatus.PENDING.name()),
                            ":deciding", s(ApprovalStatus.DECIDING.name()), ":now", n(now))))
                    .items().forEach(item -> waiting.add(fromItem(item)));
            return null;
        });
        waiting.sort(java.util.Comparator.comparing(Approval::createdAt, java.util.Comparator.nullsFirst(
                java.util.Comparator.naturalOrder())).thenComparing(Approval::approvalId));
        return waiting;
    }

    @Override
    public List<Approval> dueForReminder(Instant now) {
        Map<String, String> names = new HashMap<>();
        for (String attribute : WITHOUT_TOKEN) {
            names.put("#" + attribute, attribute);
        }
        String projection = String.join(", ", WITHOUT_TOKEN.stream().map(a -> "#" + a).toList());
        List<Approval> due = new ArrayList<>();
        // A Scan is fine here: the table holds two items per execution until TTL removes them.
        call("scanning approvals for reminders", () -> {
            dynamo.scanPaginator(r -> r.tableName(table)
                    .consistentRead(true)
                    .projectionExpression(projection)
                    .filterExpression("#status = :pending AND #remindAt <= :now AND #expiresAt > :now "
                            + "AND attribute_not_exists(#remindedAt)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":pending", s(ApprovalStatus.PENDING.name()), ":now", n(now))))
                    .items().forEach(item -> due.add(fromItem(item)));
            return null;
        });
        due.sort(java.util.Comparator.comparing(Approval::remindAt));
        return due;
    }

    @Override
    public boolean markReminded(String approvalId, Instant now) {
        try {
            call("marking approval " + approvalId + " reminded", () -> dynamo.updateItem(r -> r.tableName(table)
                    .key(key(approvalId))
                    .updateExpression("SET #remindedAt = :now")
                    .conditionExpression("#status = :pending AND attribute_not_exists(#remindedAt)")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#remindedAt", REMINDED_AT))
                    .expressionAttributeValues(Map.of(":pending", s(ApprovalStatus.PENDING.name()), ":now", n(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private <T> T call(String doing, Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (ResourceNotFoundException e) {
            throw new ConfigurationException("the approvals table " + table + " does not exist (APPROVALS_TABLE, see template.yaml)");
        } catch (SdkException e) {
            throw AwsErrors.translate(doing + " in table " + table, e);
        }
    }

    private static Map<String, AttributeValue> key(String approvalId) {
        return Map.of(ID, s(approvalId));
    }

    static Map<String, AttributeValue> toItem(Approval a) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(ID, s(a.approvalId()));
        item.put(GATE, s(a.gate().name()));
        putS(item, MIGRATION, a.migrationId());
        putS(item, EXECUTION, a.executionName());
        putS(item, STATE, a.stateName());
        putS(item, TOKEN, a.taskToken());
        if (a.evidence() != null) {
            item.put(EVIDENCE, s(Json.write(a.evidence())));
        }
        if (a.consequences() != null) {
            putS(item, ON_APPROVE, a.consequences().onApprove());
            putS(item, ON_REJECT, a.consequences().onReject());
            putS(item, ON_TIMEOUT, a.consequences().onTimeout());
        }
        putN(item, CREATED_AT, a.createdAt());
        putN(item, EXPIRES_AT, a.expiresAt());
        putN(item, REMIND_AT, a.remindAt());
        putN(item, REMINDED_AT, a.remindedAt());
        item.put(STATUS, s(a.status().name()));
        if (a.decision() != null) {
            item.putAll(decisionAttributes(a.decision()));
        }
        item.put(DELETE_AFTER, n(a.expiresAt().plus(Duration.ofDays(RETENTION_DAYS))));
        return item;
    }

    private static Map<String, AttributeValue> decisionAttributes(Decision d) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(DECISION_ID, s(d.decisionId()));
        values.put(DECISION, s(d.action().name()));
        putS(values, DECIDED_BY, d.decidedBy());
        putS(values, COMMENT, d.comment());
        putS(values, SOURCE_IP, d.sourceIp());
        putS(values, USER_AGENT, d.userAgent());
        putN(values, DECIDED_AT, d.decidedAt());
        if (d.cutoverInAdvance()) {
            values.put(CUTOVER_IN_ADVANCE, AttributeValue.fromBool(true));
        }
        putS(values, CHANNEL, d.channel());
        return values;
    }

    static Approval fromItem(Map<String, AttributeValue> item) {
        Decision decision = null;
        if (item.containsKey(DECISION_ID)) {
            decision = new Decision(str(item, DECISION_ID), ApprovalAction.valueOf(str(item, DECISION)), str(item, DECIDED_BY),
                    str(item, COMMENT), str(item, SOURCE_IP), str(item, USER_AGENT), instant(item, DECIDED_AT),
                    item.containsKey(CUTOVER_IN_ADVANCE) && Boolean.TRUE.equals(item.get(CUTOVER_IN_ADVANCE).bool()),
                    str(item, CHANNEL)); // absent on items written before channels: Decision reads null as a link
        }
        Consequences consequences = item.containsKey(ON_APPROVE)
                ? new Consequences(str(item, ON_APPROVE), str(item, ON_REJECT), str(item, ON_TIMEOUT)) : null;
        return new Approval(str(item, ID), Gate.valueOf(str(item, GATE)), str(item, MIGRATION), str(item, EXECUTION),
                str(item, STATE), str(item, TOKEN), item.containsKey(EVIDENCE) ? Json.parse(str(item, EVIDENCE)) : null,
                consequences, instant(item, CREATED_AT), instant(item, EXPIRES_AT), instant(item, REMIND_AT),
                instant(item, REMINDED_AT), ApprovalStatus.valueOf(str(item, STATUS)), decision);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(Instant value) {
        return AttributeValue.fromN(Long.toString(value.getEpochSecond()));
    }

    private static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static void putN(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, n(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochSecond(Long.parseLong(v.n()));
    }
}
