package io.cutover.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each AWS::Serverless::* resource (and the Globals section) against the SAM JSON schema that
 * aws/serverless-application-model publishes (schema_source/sam.schema.json, draft-04). Each resource is
 * validated against the definition of its own type: validating the whole template against the root
 * {@code anyOf} only says "matches none of 160 alternatives". The schema is not in the project: it is read
 * from ../shared/vendor/ when present (or -Dcutover.samSchema). Where the sam CLI exists,
 * {@code sam validate --lint} is the complete check.
 */
public final class SamSchemaCheck implements TemplateCheck {
    private static final String PREFIX = "samtranslator__internal__schema_source__aws_serverless_";

    private final JsonNode root;
    /** Draft-04, plus the schema's two annotation keywords (which would otherwise be logged as unknown). */
    private final JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
            .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keyword(new NonValidationKeyword("markdownDescription"))
                    .keyword(new NonValidationKeyword("__samPassThrough"))
                    .build())
            .build();
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    private final Map<String, JsonSchema> byDefinition = new HashMap<>();

    private SamSchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** Where the schema is looked for: -Dcutover.samSchema, else the shared vendor directory beside the project. */
    public static Path defaultLocation() {
        String configured = System.getProperty("cutover.samSchema");
        return configured != null ? Path.of(configured) : Project.root().resolve("../shared/vendor/sam.schema.json").normalize();
    }

    /** The check, or empty when the schema file is absent (then this part of the validation does not run). */
    public static Optional<SamSchemaCheck> load(Path schemaFile) {
        if (!Files.isRegularFile(schemaFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SamSchemaCheck(Json.MAPPER.readTree(schemaFile.toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SAM schema " + schemaFile, e);
        }
    }

    @Override
    public List<String> problems(SamTemplate template) {
        List<String> problems = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            String type = String.valueOf(resource.get("Type"));
            if (!SamTypes.isSam(type)) {
                return;
            }
            String definition = PREFIX + type.substring("AWS::Serverless::".length()).toLowerCase() + "__Resource";
            if (!root.path("definitions").has(definition)) {
                problems.add(id + ": " + type + " is not a SAM resource type");
                return;
            }
            validate(id, definition, resource, problems);
        });
        if (template.tree().containsKey("Globals")) {
            validate("Globals", "__main____Globals", template.tree().get("Globals"), problems);
        }
        return problems;
    }

    private void validate(String name, String definition, Object value, List<String> problems) {
        JsonSchema schema = byDefinition.computeIfAbsent(definition, this::schemaFor);
        List<String> messages = new ArrayList<>();
        for (ValidationMessage m : schema.validate(Json.tree(value))) {
            // "$.Properties.X: …" → "Name.Properties.X: …"
            messages.add(name + m.getMessage().substring(1));
        }
        messages.sort(null);
        problems.addAll(messages);
    }

    /** A schema whose root is one definition, with every definition in reach for its $refs. */
    private JsonSchema schemaFor(String definition) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("$schema", root.path("$schema").asText());
        node.set("definitions", root.path("definitions"));
        node.put("$ref", "#/definitions/" + definition);
        return factory.getSchema(node, config);
    }
}
