package io.cutover.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.Heartbeat;
import io.cutover.core.json.BindingErrors;
import io.cutover.core.json.Json;
import io.cutover.precheck.AcceptedBlockers;
import io.cutover.replication.TaskSettingsPolicy;
import io.cutover.core.sql.Identifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an execution input against {@code schema/migration-input.schema.json} and the rules a schema
 * cannot express, reports every problem at once, and binds the result to {@link MigrationConfig}.
 * It touches nothing outside the JVM: a bad input never reaches a database.
 */
public final class InputValidator {
    /** What the execution is for: a migration needs DMS settings, a readiness run does not. */
    public enum Purpose { MIGRATION, READINESS }

    private static final Set<String> SECRET_LIKE = Set.of("password", "passwd", "pwd", "secret", "secretstring", "token", "apikey");
    private static final JsonSchema SCHEMA = loadSchema();
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public MigrationConfig validate(JsonNode input, Purpose purpose) {
        if (input == null || !input.isObject()) {
            throw new InputValidationException(List.of(new FieldError("$", "the execution input must be a JSON object")));
        }
        // Keyed by path so that one field is reported once; our own message wins over the schema's.
        Map<String, FieldError> errors = new LinkedHashMap<>();
        for (ValidationMessage message : SCHEMA.validate(input)) {
            FieldError error = toFieldError(message);
            errors.putIfAbsent(error.path(), error);
        }
        for (FieldError error : semanticErrors(input, purpose)) {
            errors.put(error.path(), error);
        }
        if (!errors.isEmpty()) {
            List<FieldError> sorted = new ArrayList<>(errors.values());
            sorted.sort(Comparator.comparing(FieldError::path));
            throw new InputValidationException(sorted);
        }
        try {
            return Json.MAPPER.treeToValue(input, MigrationConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            // the schema has checked every type; should binding still fail, name the field, not Jackson's internals
            throw new InputValidationException(List.of(BindingErrors.fieldError(e)));
        }
    }

    private static List<FieldError> semanticErrors(JsonNode input, Purpose purpose) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode schemas = input.path("schemas");
        if (schemas.isArray()) {
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < schemas.size(); i++) {
                JsonNode item = schemas.get(i);
                if (!item.isTextual()) {
                    continue; // the schema already reports the type
                }
                String name = item.asText();
                String path = "$.schemas[" + i + "]";
                Identifier.problem(name).ifPresentOrElse(
                        p -> errors.add(new FieldError(path, "schema name '" + printable(name) + "' " + p)),
                        () -> {
                            if (Identifier.isSystemSchema(name)) {
                                errors.add(new FieldError(path, "'" + name + "' is a system schema and is never migrated"));
                            } else if (name.equalsIgnoreCase(Heartbeat.SCHEMA)) {
                                errors.add(new FieldError(path, "'" + name + "' is Cutover's own schema (the heartbeat table of the "
                                        + "drain proof, created on both sides): it is never migrated as a schema of yours"));
                            } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                                errors.add(new FieldError(path, "'" + name + "' is listed twice"));
                            }
                        });
            }
        }
        collationProblem(input.path("target")).ifPresent(errors::add);
        boolean managedTargetSecret = isRdsManagedSecret(input.path("target").path("secretId").asText(""));
        if (managedTargetSecret && !input.path("target").hasNonNull("clusterIdentifier")) {
            errors.add(new FieldError("$.target.clusterIdentifier", "is required when target.secretId is the master user "
                    + "secret RDS manages (rds!...): it holds no host, Cutover connects to this cluster's writer endpoint"));
        }
        if (input.path("dms").has("certificateArn")) {
            errors.add(new FieldError("$.dms.certificateArn", "is replaced by dms.sourceCertificateArn and dms.targetCertificateArn: "
                    + "one certificate served both endpoints, so the RDS CA bundle was applied to a self-managed source. Give each "
                    + "endpoint the CA that signed its own server's certificate (docs/replication.md, TLS)"));
        }
        sameSecret(input).ifPresent(errors::add);
        errors.addAll(switchProblems(input));
        // Checked here, before anything is created, by the same rules the replication phase applies (3.2); the
        // messages never repeat a value that is not one of the accepted ones (it could be a pasted secret). What passes
        // is only booleans, bounded integers and fixed enum words, so the settings carried in $.config through every
        // state cannot hold a secret either.
        JsonNode taskSettings = input.path("dms").path("taskSettings");
        if (taskSettings.isObject()) {
            errors.addAll(TaskSettingsPolicy.problems(taskSettings, "$.dms.taskSettings"));
        }
        errors.addAll(AcceptedBlockers.problems(input.path("readiness").path("acceptedBlockers"), "$.readiness.acceptedBlockers"));
        if (purpose == Purpose.MIGRATION) {
            JsonNode dms = input.path("dms");
            // DMS reads host and port from its endpoint's secret, which an RDS-managed secret lacks.
            String dmsTargetSecret = dms.path("targetSecretId").asText(input.path("target").path("secretId").asText(""));
            if (!dms.hasNonNull("targetEndpointArn") && isRdsManagedSecret(dmsTargetSecret)) {
                errors.add(new FieldError("$.dms.targetSecretId", "must name a secret with host and port (the stack's "
                        + "DmsTargetUserSecretArn) when Cutover creates the target endpoint: the RDS-managed secret "
                        + (dms.hasNonNull("targetSecretId") ? "it names" : "of target.secretId") + " holds neither"));
            }
            if (!dms.hasNonNull("replicationInstanceArn")) {
                errors.add(new FieldError("$.dms.replicationInstanceArn", "is required to run a migration"));
            }
            boolean createsEndpoint = !dms.hasNonNull("sourceEndpointArn") || !dms.hasNonNull("targetEndpointArn");
            if (createsEndpoint && !dms.hasNonNull("secretsAccessRoleArn")) {
                errors.add(new FieldError("$.dms.secretsAccessRoleArn",
                        "is required when Cutover creates a DMS endpoint (sourceEndpointArn or targetEndpointArn not given)"));
            }
            if (!input.path("target").hasNonNull("clusterIdentifier")) {
                errors.add(new FieldError("$.target.clusterIdentifier", "is required to snapshot the target before the switch"));
            }
        }
        return errors;
    }

    /**
     * The application switch's secret: its endpoint field must not be one that holds a credential (the switch records
     * the field's previous value in an artifact), and it must be the application's secret, not one Cutover logs in with.
     */
    private static List<FieldError> switchProblems(JsonNode input) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode secret = input.path("switch").path("secret");
        if (secret.isObject()) {
            String field = secret.path("field").asText("host");
            if (SECRET_LIKE.contains(field.toLowerCase(Locale.ROOT)) || field.toLowerCase(Locale.ROOT).contains("password")) {
                errors.add(new FieldError("$.switch.secret.field", "must name the endpoint field (host), not a credential: the "
                        + "switch records the field's previous value"));
            }
            String id = secret.path("secretId").asText("");
            if (isRdsManagedSecret(id)) {
                errors.add(new FieldError("$.switch.secret.secretId", "is a secret RDS manages: RDS owns its content; name the "
                        + "application's own secret"));
            }
            for (String side : List.of("source", "target")) {
                if (!id.isEmpty() && id.equals(input.path(side).path("secretId").asText())) {
                    errors.add(new FieldError("$.switch.secret.secretId", "is " + side + ".secretId, the secret Cutover "
                            + "connects with: name the secret the application reads"));
                }
            }
        }
        return errors;
    }

    /** The master user secret RDS manages is named rds!cluster-… (rds!db-… for an instance), as name or in its ARN. */
    static boolean isRdsManagedSecret(String secretId) {
        return secretId.startsWith("rds!") || secretId.contains(":secret:rds!");
    }

    /**
     * The source and the target named by the same secret are one server: the migration would copy a database onto
     * itself and its validation would compare a table with itself. (Two secrets for one server are found by the
     * readiness check {@code cutover-distinct-servers}, which compares the servers themselves.)
     */
    private static Optional<FieldError> sameSecret(JsonNode input) {
        JsonNode source = input.path("source").path("secretId");
        JsonNode target = input.path("target").path("secretId");
        if (source.isTextual() && source.asText().equals(target.asText())) {
            return Optional.of(new FieldError("$.target.secretId", "names the same secret as $.source.secretId: the source and the "
                    + "target must be two different servers"));
        }
        return Optional.empty();
    }

    /**
     * A collation belongs to the character set its name starts with (MySQL names them so: utf8mb4_0900_ai_ci,
     * latin1_swedish_ci; binary is binary's); utf8 and utf8mb3 are one. The target checks again that it has both.
     */
    private static Optional<FieldError> collationProblem(JsonNode target) {
        JsonNode charset = target.path("databaseCharacterSet");
        JsonNode collation = target.path("databaseCollation");
        if (!charset.isTextual() || !collation.isTextual() || !NAME.matcher(charset.asText()).matches()
                || !NAME.matcher(collation.asText()).matches()) {
            return Optional.empty(); // the schema reports a missing or malformed name
        }
        String cs = utf8mb3(charset.asText().toLowerCase(Locale.ROOT));
        String co = utf8mb3(collation.asText().toLowerCase(Locale.ROOT));
        if (co.equals(cs) ? cs.equals("binary") : co.startsWith(cs + "_")) {
            return Optional.empty();
        }
        return Optional.of(new FieldError("$.target.databaseCollation", "'" + collation.asText()
                + "' is not a collation of character set '" + charset.asText() + "' ($.target.databaseCharacterSet): its name must start with '"
                + charset.asText() + "_'"));
    }

    private static String utf8mb3(String name) {
        return name.equals("utf8") || name.startsWith("utf8_") ? "utf8mb3" + name.substring(4) : name;
    }

    private static FieldError toFieldError(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String type = message.getType();
        String property = message.getProperty();
        if ("required".equals(type) && property != null) {
            return new FieldError(location + "." + property, "is required");
        }
        if ("additionalProperties".equals(type) && property != null) {
            String hint = SECRET_LIKE.contains(property.toLowerCase(Locale.ROOT).replace("_", ""))
                    ? " (never put a secret in the input: name a Secrets Manager secret with secretId)"
                    : "";
            return new FieldError(location + "." + property, "is not a known field" + hint);
        }
        String text = message.getMessage();
        String prefix = location + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        return new FieldError(location, text);
    }

    private static String printable(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return shown.replace("\0", "\\0");
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = InputValidator.class.getResourceAsStream("/schema/migration-input.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/migration-input.schema.json is missing from the jar");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_PATH)
                    .errorMessageKeyword("message")
                    .regularExpressionFactory(EcmaPatterns.INSTANCE)
                    .build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
