package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.Project;
import io.cutover.schema.fk.ReplicationRequirements;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a DBA following docs/deployment.md gets from the stack, checked against what the replication phase ("3.1
 * Create or check DMS endpoints", "3.5 ...") requires of it: the AWS review's findings 1 and 6 and the deployment-path
 * findings of issue 15.
 */
class DeploymentPathTest {
    private static final String DATABASE_SECRETS = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}"
            + ":secret:${DatabaseSecretsPrefix}*";
    private static SamTemplate template;

    @BeforeAll
    static void read() {
        template = SamTemplate.read(Project.template());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<Object> secretsDmsMayRead() {
        List<?> policies = (List<?>) template.properties("DmsSecretsAccessRole").get("Policies");
        List<?> statements = (List<?>) map(map(policies.get(0)).get("PolicyDocument")).get("Statement");
        Map<String, Object> statement = map(statements.get(0));
        assertThat(IamPolicies.strings(statement.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
        return (List<Object>) statement.get("Resource");
    }

    @Test
    void dmsMayReadTheSourceSecretCutoverCreatesTheSourceEndpointWith() {
        // dms.sourceSecretId defaults to source.secretId: both are database secrets under DatabaseSecretsPrefix, which
        // the functions read too. Before, the role read only the stack's target user secret and SourceDmsSecretArn.
        assertThat(secretsDmsMayRead()).contains(Map.of("Fn::Sub", DATABASE_SECRETS));
        // the same prefix as the functions' own database grant
        assertThat(String.valueOf(template.properties("DatabaseAccessPolicy"))).contains(DATABASE_SECRETS);
        // and the role exists without the optional infrastructure (dms.secretsAccessRoleArn when Cutover creates endpoints)
        assertThat(new ConditionEvaluator(template, Map.of()).createdResources()).contains("DmsSecretsAccessRole");
        assertThat(map(template.section("Outputs").get("DmsSecretsAccessRoleArn"))).doesNotContainKey("Condition");
    }

    @Test
    void theDmsServiceRolesComeFromThePrerequisiteStackNotFromTheStackThatNeedsThem() {
        for (Map<String, Object> resource : template.resources().values()) {
            Object props = resource.get("Properties");
            assertThat(props == null ? null : map(props).get("RoleName")).as("a role with a fixed name in template.yaml")
                    .isNotIn("dms-vpc-role", "dms-cloudwatch-logs-role");
        }
        SamTemplate prerequisites = SamTemplate.read(Project.root().resolve("prerequisites.yaml"));
        assertThat(prerequisites.resourcesOfType("AWS::IAM::Role")).extracting(id -> prerequisites.properties(id).get("RoleName"))
                .contains("dms-vpc-role", "dms-cloudwatch-logs-role");
        assertThat(prerequisites.resourcesOfType("AWS::ApiGateway::Account")).hasSize(1);
    }

    @Test
    void theStacksTargetEndpointRunsTheInitStatementCutoverRequires() {
        Map<String, Object> mysql = map(template.properties("DmsTargetEndpoint").get("MySqlSettings"));
        assertThat(mysql).containsEntry("AfterConnectScript", ReplicationRequirements.FOREIGN_KEY_CHECKS_OFF);
    }

    @Test
    void thePremigrationAssessmentHasItsRoleAndBucketInTheStack() {
        // dms.assessment.enabled defaults to true; the stack gives dms.assessment.serviceRoleArn and resultsBucket
        assertThat(map(template.section("Outputs").get("DmsAssessmentRoleArn")).get("Value"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("DmsAssessmentRole", "Arn")));
        assertThat(template.section("Outputs")).containsKey("ArtifactsBucketName");
        List<?> trust = (List<?>) map(template.properties("DmsAssessmentRole").get("AssumeRolePolicyDocument")).get("Statement");
        assertThat(map(map(trust.get(0)).get("Principal"))).containsEntry("Service", "dms.amazonaws.com");
        String policy = String.valueOf(template.properties("DmsAssessmentRole").get("Policies"));
        // the folder DmsReplication gives StartReplicationTaskAssessmentRun, and the DMS guide's actions
        assertThat(policy).contains("${ArtifactsBucket.Arn}/cutover-assessments/*", "s3:PutObject", "s3:GetBucketLocation",
                "s3:ListBucket", "kms:GenerateDataKey");
    }

    @Test
    void theFunctionsMayReadTheTargetsRdsManagedSecretAndFindItsCluster() {
        Map<String, Object> statementsHolder = map(template.properties("DatabaseAccessPolicy").get("PolicyDocument"));
        String policy = String.valueOf(statementsHolder);
        assertThat(policy).contains("AuroraCluster, MasterUserSecret.SecretArn").contains("TargetManagedSecretArn")
                .contains("rds:DescribeDBClusters");
        // every function that reads a database secret also may describe the cluster: one policy for both
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            List<IamPolicies.Statement> statements = IamPolicies.ofSamResource(template, function);
            boolean readsSecrets = statements.stream().anyMatch(s -> s.actions().contains("secretsmanager:GetSecretValue")
                    && String.valueOf(s.body().get("Resource")).contains("DatabaseSecretsPrefix"));
            if (readsSecrets) {
                assertThat(statements).as(function).anyMatch(s -> s.actions().contains("rds:DescribeDBClusters"));
            }
        }
    }
}
