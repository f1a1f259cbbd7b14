package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/deployer-policy.json, the IAM policy a DBA hands to the cloud team, is a well-formed identity policy document.
 * That it allows every action CloudFormation calls for each resource of template.yaml (after the SAM transform) and
 * prerequisites.yaml is checked by .ci/lint-template (.ci/check_deployer_policy.py, from the resource types' own
 * CloudFormation schemas).
 */
class DeployerPolicyTest {
    @Test
    void theDeployerPolicyIsAValidIdentityPolicyDocument() throws IOException {
        JsonNode policy = Json.parse(Files.readString(Project.root().resolve("docs/deployer-policy.json")));
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("Statement").isArray()).isTrue();
        Set<String> sids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            String sid = statement.path("Sid").asText("");
            if (!sid.matches("[A-Za-z0-9]+") || !sids.add(sid)) {
                problems.add("Sid '" + sid + "' is missing, not alphanumeric or repeated");
            }
            if (!statement.path("Effect").asText().equals("Allow")) {
                problems.add(sid + ": Effect must be Allow");
            }
            for (String action : strings(statement.path("Action"))) {
                if (!action.matches("[a-z0-9-]+:[A-Za-z0-9*]+")) {
                    problems.add(sid + ": '" + action + "' is not service:Action");
                }
            }
            for (String resource : strings(statement.path("Resource"))) {
                if (!resource.equals("*") && !resource.matches("arn:aws:[a-z0-9-]+:[a-z0-9*-]*:[0-9*a-z]*:.+")) {
                    problems.add(sid + ": '" + resource + "' is not an ARN or '*'");
                }
            }
            if (strings(statement.path("Action")).isEmpty() || strings(statement.path("Resource")).isEmpty()) {
                problems.add(sid + ": needs Action and Resource");
            }
        }
        assertThat(problems).isEmpty();
        // the two account-wide DMS roles of prerequisites.yaml and the stack's own roles
        assertThat(policy.toString()).contains("role/dms-vpc-role", "role/cutover-*", "iam:PassRole");
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
