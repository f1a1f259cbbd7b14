package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.Project;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What template.yaml deploys with the default parameters, and with the optional migration infrastructure. */
class MigrationInfrastructureTest {
    private static SamTemplate template;

    @BeforeAll
    static void read() {
        template = SamTemplate.read(Project.template());
    }

    private static final Map<String, String> WITH_INFRASTRUCTURE = Map.of(
            "CreateMigrationInfrastructure", "true",
            "VpcId", "vpc-0123456789abcdef0",
            "SourceDmsSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cutover/source-dms-AbCdEf");

    private static List<String> created(Map<String, String> values) {
        return new ConditionEvaluator(template, values).createdResources();
    }

    private static List<String> typesOf(List<String> ids) {
        return ids.stream().map(template::type).distinct().toList();
    }

    @Test
    void byDefaultOnlyTheOrchestratorIsDeployed() {
        List<String> resources = created(Map.of());
        assertThat(typesOf(resources)).noneMatch(t -> t.startsWith("AWS::RDS::") || t.startsWith("AWS::DMS::")
                || t.startsWith("AWS::EC2::"));
        // the only roles: the two DMS assumes for Cutover's own endpoints and assessment, which need no infrastructure
        assertThat(resources).filteredOn(id -> template.type(id).equals("AWS::IAM::Role"))
                .containsExactlyInAnyOrder("DmsSecretsAccessRole", "DmsAssessmentRole");
        assertThat(resources).contains("MigrationStateMachine", "NotificationTopic", "ArtifactsBucket", "ApprovalsTable",
                "ApprovalSigningKey", "ApprovalApi", "MigrationStateMachineLogGroup", "MigrationExecutionsFailedAlarm",
                "MigrationExecutionsTimedOutAlarm", "MigrationExecutionsAbortedAlarm", "CutoverDashboard")
                .doesNotContain("NotificationEmailSubscription", "FunctionSecurityGroup");
    }

    @Test
    void theInfrastructureParameterCreatesAuroraDmsAndTheirNetwork() {
        assertThat(created(WITH_INFRASTRUCTURE)).contains("FunctionSecurityGroup", "AuroraSecurityGroup", "DmsSecurityGroup",
                "AuroraFromDmsIngress", "AuroraFromFunctionsIngress", "AuroraSubnetGroup", "AuroraClusterParameterGroup",
                "AuroraCluster", "AuroraWriterInstance", "AuroraReaderInstance", "DmsSecretsAccessRole", "DmsReplicationSubnetGroup", "DmsReplicationInstance", "DmsSourceEndpoint",
                "DmsTargetUserSecret", "DmsTargetEndpoint")
                .doesNotContain("AuroraFromApplicationIngress");
    }

    @Test
    void aGivenFunctionSecurityGroupIsNotCreatedAgainAndNoSourceSecretMeansNoSourceEndpoint() {
        Map<String, String> values = new HashMap<>(WITH_INFRASTRUCTURE);
        values.put("FunctionSecurityGroupId", "sg-0123456789abcdef0");
        values.put("SourceDmsSecretArn", "");
        assertThat(created(values)).contains("AuroraCluster", "AuroraFromFunctionsIngress", "DmsTargetEndpoint")
                .doesNotContain("FunctionSecurityGroup", "DmsSourceEndpoint");
    }

    @Test
    void theClusterParameterGroupHasTheRunbookValuesAndWhatTheReadinessChecksRequire() {
        Map<String, Object> props = template.properties("AuroraClusterParameterGroup");
        assertThat(props.get("Family")).isEqualTo("aurora-mysql8.0");
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) props.get("Parameters");
        assertThat(parameters).containsAllEntriesOf(Map.<String, Object>of(
                "character_set_server", "utf8mb4",
                "collation_server", "utf8mb4_0900_ai_ci",
                "time_zone", "UTC",
                "max_allowed_packet", 67108864,
                "log_bin_trust_function_creators", 1,
                "event_scheduler", "ON",
                "binlog_format", "ROW",
                "local_infile", Map.of("Ref", "AuroraLocalInfile"),
                "lower_case_table_names", Map.of("Ref", "SourceLowerCaseTableNames")));
        // the parameter that sets local_infile starts at 1, what the readiness check tc-local-infile requires
        assertThat(((Map<?, ?>) template.section("Parameters").get("AuroraLocalInfile")).get("Default")).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    @Test
    void theSourceEndpointsTimeZoneAndSslModeAreParameters() throws java.io.IOException {
        Map<String, Object> endpoint = template.properties("DmsSourceEndpoint");
        assertThat(endpoint).containsEntry("SslMode", Map.of("Ref", "SourceSslMode"));
        assertThat((Map<String, Object>) endpoint.get("MySqlSettings")).containsEntry("ServerTimezone", Map.of("Ref", "SourceServerTimezone"));
        Map<String, Object> parameter = (Map<String, Object>) template.section("Parameters").get("SourceServerTimezone");
        assertThat(parameter).containsEntry("Type", "String").containsEntry("Default", "UTC");
        // the same pattern as the input's source.serverTimezone, so any value the stack takes the input takes too
        assertThat(parameter.get("AllowedPattern")).isEqualTo(io.cutover.core.json.Json.parse(new String(
                MigrationInfrastructureTest.class.getResourceAsStream("/schema/migration-input.schema.json").readAllBytes()))
                .at("/$defs/sourceEndpoint/properties/serverTimezone/pattern").asText("?"));
    }

    /**
     * Each endpoint verifies its own server with its own CA: SslMode verify-full by default, verify-ca allowed, never
     * require (DMS does not support it for MySQL-compatible endpoints) or none (clear text); the CA is required by a
     * rule before anything is created, and each mode the stack takes, the input takes too.
     */
    @SuppressWarnings("unchecked")
    @Test
    void eachEndpointVerifiesItsServerWithItsOwnCaBeforeAnythingIsCreated() throws java.io.IOException {
        Map<String, Object> parameters = template.section("Parameters");
        var schema = io.cutover.core.json.Json.parse(new String(
                MigrationInfrastructureTest.class.getResourceAsStream("/schema/migration-input.schema.json").readAllBytes()));
        List<String> inputModes = new java.util.ArrayList<>();
        schema.at("/$defs/dmsSslMode/enum").forEach(m -> inputModes.add(m.asText()));
        for (String side : List.of("Source", "Target")) {
            Map<String, Object> mode = (Map<String, Object>) parameters.get(side + "SslMode");
            assertThat(mode).containsEntry("Default", "verify-full");
            assertThat((List<String>) mode.get("AllowedValues")).containsExactlyInAnyOrder("verify-full", "verify-ca")
                    .allSatisfy(m -> assertThat(inputModes).contains(m));
            Map<String, Object> endpoint = template.properties("Dms" + side + "Endpoint");
            assertThat(endpoint).containsEntry("SslMode", Map.of("Ref", side + "SslMode"))
                    .containsEntry("CertificateArn", Map.of("Ref", side + "CertificateArn"));
        }
        Map<String, Object> rules = template.section("Rules");
        assertThat(rules.toString()).contains("TargetCertificateArn").contains("SourceCertificateArn");
        Map<String, Object> target = (Map<String, Object>) rules.get("TargetEndpointNeedsItsCa");
        assertThat(target.get("RuleCondition")).isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "CreateMigrationInfrastructure"), "true")));
        assertThat(target.get("Assertions").toString()).contains("Fn::Not").contains("TargetCertificateArn");
        Map<String, Object> source = (Map<String, Object>) rules.get("SourceEndpointNeedsItsCa");
        assertThat(source.get("RuleCondition").toString()).contains("SourceDmsSecretArn").contains("CreateMigrationInfrastructure");
        assertThat(source.get("Assertions").toString()).contains("SourceCertificateArn");
    }

    @Test
    void theClusterIsEncryptedProtectedBackedUpAndItsPasswordManagedByRds() {
        Map<String, Object> cluster = template.properties("AuroraCluster");
        assertThat(cluster).containsEntry("Engine", "aurora-mysql")
                .containsEntry("StorageEncrypted", true)
                .containsEntry("DeletionProtection", true)
                .containsEntry("ManageMasterUserPassword", true)
                .containsEntry("BackupRetentionPeriod", Map.of("Ref", "AuroraBackupRetentionDays"))
                .doesNotContainKey("MasterUserPassword");
        assertThat(cluster.get("EnableCloudwatchLogsExports")).isEqualTo(List.of("audit", "error", "general", "slowquery"));
        assertThat(template.resources().get("AuroraCluster")).containsEntry("DeletionPolicy", "Snapshot");
        for (String instance : List.of("AuroraWriterInstance", "AuroraReaderInstance")) {
            assertThat(template.properties(instance)).containsEntry("PubliclyAccessible", false);
        }
    }

    @Test
    void auroraAcceptsMySqlOnlyFromDmsTheFunctionsAndTheApplication() {
        assertThat(template.properties("AuroraSecurityGroup")).doesNotContainKey("SecurityGroupIngress");
        Map<String, Object> sources = new HashMap<>();
        for (String id : template.resourcesOfType("AWS::EC2::SecurityGroupIngress")) {
            Map<String, Object> rule = template.properties(id);
            if (Map.of("Fn::GetAtt", List.of("AuroraSecurityGroup", "GroupId")).equals(rule.get("GroupId"))) {
                assertThat(rule).as(id).containsEntry("FromPort", 3306).containsEntry("ToPort", 3306).doesNotContainKeys("CidrIp", "CidrIpv6");
                sources.put(id, rule.get("SourceSecurityGroupId"));
            }
        }
        assertThat(sources).containsOnlyKeys("AuroraFromDmsIngress", "AuroraFromFunctionsIngress", "AuroraFromApplicationIngress");
    }

    @Test
    void theApprovalApiHasGetAndPostOnOneApprovalAndNoFunctionYet() {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) template.properties("ApprovalApi").get("DefinitionBody");
        Map<?, ?> path = (Map<?, ?>) ((Map<?, ?>) body.get("paths")).get("/approvals/{id}");
        assertThat(path.keySet().stream().map(String::valueOf).toList()).containsExactlyInAnyOrder("get", "post");
        // The callback function will be attached by Api events; nothing in the API may reference a function
        // now, or the function's own references to the API would close a cycle.
        assertThat(Intrinsics.references(template.resources().get("ApprovalApi")))
                .noneMatch(r -> "AWS::Serverless::Function".equals(template.type(r.target())));
    }
}
