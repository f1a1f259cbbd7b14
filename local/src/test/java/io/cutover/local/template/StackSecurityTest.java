package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security of the stack (issue 15, "Security of the stack"; the controls are in
 * ../shared/reference/reviews/stack-security-review.md). What stays as it is, and why, is in docs/deployment.md,
 * "Security of the stack".
 */
class StackSecurityTest {
    private static final Set<String> APPROVAL_FUNCTIONS = Set.of("RequestApprovalFunction", "ApprovalCallbackFunction",
            "RemindApprovalsFunction");
    private static SamTemplate template;

    @BeforeAll
    static void read() {
        template = SamTemplate.read(Project.template());
    }

    private static Map<String, Object> parameter(String name) {
        return map(template.section("Parameters").get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A !Sub string with the stack name and the default parameter values put in (what CloudFormation would name). */
    private static String resolved(Object sub, String stackName) {
        String text = (String) map(sub).get("Fn::Sub");
        for (Map.Entry<String, Object> p : template.section("Parameters").entrySet()) {
            Object value = map(p.getValue()).get("Default");
            text = text.replace("${" + p.getKey() + "}", String.valueOf(value));
        }
        return text.replace("${AWS::StackName}", stackName).replace("${AWS::Partition}", "aws")
                .replace("${AWS::Region}", "eu-west-1").replace("${AWS::AccountId}", "123456789012");
    }

    @Test
    void theApprovalSigningKeyIsOutsideTheDatabaseSecretsPrefixForAnyStackName() {
        // samconfig.toml's stack name `cutover` with the default prefix `cutover/` made the key cutover/approval-signing-key,
        // inside the grant secret:cutover/* of every database function
        String databaseGrant = resolved(Map.of("Fn::Sub", "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:"
                + "${AWS::AccountId}:secret:${DatabaseSecretsPrefix}*"), "cutover");
        String keyName = resolved(template.properties("ApprovalSigningKey").get("Name"), "cutover");
        String keyArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + keyName + "-AbCdEf";
        assertThat(keyArn).doesNotStartWith(databaseGrant.substring(0, databaseGrant.length() - 1));
        // and for every prefix the parameter accepts: the key's name has no '/', every accepted prefix ends with one
        assertThat(keyName).doesNotContain("/");
        assertThat(parameter("DatabaseSecretsPrefix").get("AllowedPattern")).isNotNull();
    }

    @Test
    void theDatabaseSecretsPrefixRefusesAnEmptyOrTooWidePrefix() {
        Pattern allowed = Pattern.compile((String) parameter("DatabaseSecretsPrefix").get("AllowedPattern"));
        assertThat(allowed.matcher((String) parameter("DatabaseSecretsPrefix").get("Default")).matches()).isTrue();
        for (String ok : List.of("cutover/", "team-a/cutover/", "db.prod/")) {
            assertThat(allowed.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String refused : List.of("", "/", "cutover", "*", "cutover/*", "rds!cluster/", "//")) {
            assertThat(allowed.matcher(refused).matches()).as("'" + refused + "' must be refused").isFalse();
        }
    }

    @Test
    void onlyTheApprovalFunctionsMayReadTheSigningKey() {
        List<String> readers = new ArrayList<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            boolean reads = IamPolicies.policyTemplates(template, function).stream()
                    .anyMatch(t -> t.get("AWSSecretsManagerGetSecretValuePolicy") instanceof Map<?, ?> p
                            && Map.of("Ref", "ApprovalSigningKey").equals(p.get("SecretArn")))
                    || IamPolicies.ofSamResource(template, function).stream()
                    .anyMatch(s -> s.actions().contains("secretsmanager:GetSecretValue")
                            && String.valueOf(s.body().get("Resource")).contains("ApprovalSigningKey"));
            if (reads) {
                readers.add(function);
            }
        }
        assertThat(readers).containsExactlyInAnyOrderElementsOf(APPROVAL_FUNCTIONS);
        // and no approval function holds the database grant
        for (String function : APPROVAL_FUNCTIONS) {
            assertThat(IamPolicies.ofSamResource(template, function)).noneMatch(s -> s.owner().equals("DatabaseAccessPolicy"));
        }
    }

    @Test
    void passRoleNamesOnlyTheRolesThisStackCreatesForDms() {
        List<Object> passed = new ArrayList<>();
        for (IamPolicies.Statement s : IamPolicies.all(template)) {
            if (s.actions().contains("iam:PassRole")) {
                passed.add(s.body().get("Resource"));
                assertThat(s.body().get("Condition")).as(s.owner()).isEqualTo(
                        Map.of("StringEquals", Map.of("iam:PassedToService", "dms.amazonaws.com")));
            }
        }
        assertThat(passed).containsExactlyInAnyOrder(
                Map.of("Fn::GetAtt", List.of("DmsSecretsAccessRole", "Arn")),
                Map.of("Fn::GetAtt", List.of("DmsAssessmentRole", "Arn")));
    }

    @Test
    void noFunctionMayDeleteArtifactsOrChangeTheBucket() {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            assertThat(IamPolicies.policyTemplates(template, function)).as(function)
                    .noneMatch(t -> t.containsKey("S3CrudPolicy") || t.containsKey("S3FullAccessPolicy"));
            for (IamPolicies.Statement s : IamPolicies.ofSamResource(template, function)) {
                assertThat(s.actions()).as(function + " " + s.label())
                        .noneMatch(a -> a.startsWith("s3:") && !Set.of("s3:GetObject", "s3:PutObject", "s3:ListBucket").contains(a));
            }
        }
        Map<String, Object> access = template.properties("ArtifactsAccessPolicy");
        assertThat(String.valueOf(access)).contains("${ArtifactsBucket.Arn}/migrations/*");
    }

    @Test
    void theArtifactsAreEncryptedWithTheStacksKeyAndAccessLogged() {
        Map<String, Object> bucket = template.properties("ArtifactsBucket");
        Map<String, Object> rule = map(((List<?>) map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0));
        assertThat(map(rule.get("ServerSideEncryptionByDefault")))
                .containsEntry("SSEAlgorithm", "aws:kms")
                .containsEntry("KMSMasterKeyID", Map.of("Fn::GetAtt", List.of("ArtifactsKey", "Arn")));
        assertThat(rule).containsEntry("BucketKeyEnabled", true);
        assertThat(map(bucket.get("LoggingConfiguration"))).containsEntry("DestinationBucketName", Map.of("Ref", "AccessLogsBucket"));
        assertThat(template.properties("ArtifactsKey")).containsEntry("EnableKeyRotation", true);
    }

    @Test
    void theNotificationTopicIsEncryptedWithAKeyCloudWatchAlarmsMayUseAndRefusesPlainTransport() {
        assertThat(template.properties("NotificationTopic")).containsEntry("KmsMasterKeyId", Map.of("Ref", "NotificationsKey"));
        List<?> keyStatements = (List<?>) map(template.properties("NotificationsKey").get("KeyPolicy")).get("Statement");
        assertThat(keyStatements).anySatisfy(s -> {
            assertThat(map(map(s).get("Principal"))).containsEntry("Service", "cloudwatch.amazonaws.com");
            assertThat(IamPolicies.strings(map(s).get("Action"))).contains("kms:Decrypt", "kms:GenerateDataKey*");
        });
        List<?> topicStatements = (List<?>) map(template.properties("NotificationTopicPolicy").get("PolicyDocument")).get("Statement");
        assertThat(topicStatements).anySatisfy(s -> assertThat(map(s)).containsEntry("Effect", "Deny")
                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        // the functions that publish hold the key through NotificationsPublishPolicy
        for (String function : List.of("NotifyFunction", "PublishReadinessFunction", "RequestApprovalFunction", "RemindApprovalsFunction",
                "PollFullLoadFunction", "PollCdcCaughtUpFunction")) {
            assertThat(IamPolicies.ofSamResource(template, function)).as(function)
                    .anyMatch(s -> s.actions().contains("sns:Publish"))
                    .anyMatch(s -> s.actions().contains("kms:GenerateDataKey*"));
        }
    }

    /** Issue 21: approval links on a topic of their own, to which only approvers subscribe. */
    @Test
    void theApprovalLinksHaveATopicOfTheirOwnThatOnlyTheApprovalFunctionsPublishTo() {
        assertThat(template.properties("ApprovalsTopic")).containsEntry("KmsMasterKeyId", Map.of("Ref", "NotificationsKey"));
        List<?> topicStatements = (List<?>) map(template.properties("ApprovalsTopicPolicy").get("PolicyDocument")).get("Statement");
        assertThat(topicStatements).anySatisfy(s -> assertThat(map(s)).containsEntry("Effect", "Deny")
                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        assertThat(topicStatements).anySatisfy(s -> assertThat(map(s)).containsEntry("Effect", "Deny")
                .containsEntry("Condition", Map.of("StringEquals", Map.of("sns:Protocol", "http"))));
        assertThat(topicStatements).as("no service (alarms, rules) publishes approval links")
                .noneMatch(s -> "Allow".equals(map(s).get("Effect")));

        List<String> publishers = new ArrayList<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            if (IamPolicies.ofSamResource(template, function).stream().anyMatch(s -> s.allows()
                    && s.actions().contains("sns:Publish") && Map.of("Ref", "ApprovalsTopic").equals(s.body().get("Resource")))) {
                publishers.add(function);
            }
            Object environment = template.properties(function).get("Environment");
            Map<String, Object> variables = environment == null ? Map.of() : map(map(environment).get("Variables"));
            if (Set.of("RequestApprovalFunction", "RemindApprovalsFunction").contains(function)) {
                assertThat(variables).as(function).containsEntry("APPROVALS_TOPIC_ARN", Map.of("Ref", "ApprovalsTopic"));
            } else {
                assertThat(variables).as(function).doesNotContainKey("APPROVALS_TOPIC_ARN");
            }
        }
        assertThat(publishers).containsExactlyInAnyOrder("RequestApprovalFunction", "RemindApprovalsFunction");
        assertThat(map(map(map(template.section("Globals").get("Function")).get("Environment")).get("Variables")))
                .doesNotContainKey("APPROVALS_TOPIC_ARN");
        // reminders carry links: their function cannot publish to the notification topic at all
        assertThat(IamPolicies.ofSamResource(template, "RemindApprovalsFunction"))
                .noneMatch(s -> Map.of("Ref", "NotificationTopic").equals(s.body().get("Resource")));

        // the approvers' address on the approvals topic, the followers' on the notification topic
        assertThat(template.properties("ApproverEmailSubscription")).containsEntry("TopicArn", Map.of("Ref", "ApprovalsTopic"))
                .containsEntry("Endpoint", Map.of("Ref", "ApproverEmail")).containsEntry("Protocol", "email");
        assertThat(template.resources().get("ApproverEmailSubscription")).containsEntry("Condition", "HasApproverEmail");
        assertThat(template.properties("NotificationEmailSubscription")).containsEntry("TopicArn", Map.of("Ref", "NotificationTopic"));
        assertThat(template.section("Outputs")).containsKey("ApprovalsTopicArn");
    }

    @Test
    void theApprovalApiLogsWithoutSignaturesOrFormFieldsAcceptsTls12OrNewerAndHasNoUnthrottledStage() {
        Map<String, Object> api = template.properties("ApprovalApi");
        // without OpenApiVersion SAM also deploys a stage named "Stage" without the stage's throttling (finding 4)
        assertThat(api).containsKey("OpenApiVersion").containsEntry("SecurityPolicy", "TLS_1_2");
        Map<String, Object> settings = map(((List<?>) api.get("MethodSettings")).get(0));
        assertThat(settings).containsEntry("LoggingLevel", "ERROR").containsEntry("DataTraceEnabled", false)
                .containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
        String format = (String) map(api.get("AccessLogSetting")).get("Format");
        assertThat(format).contains("$context.requestId", "$context.status")
                .doesNotContain("$input", "querystring", "requestOverride", "$method.request", "$context.authorizer");
        assertThat(map(api.get("AccessLogSetting"))).containsEntry("DestinationArn",
                Map.of("Fn::GetAtt", List.of("ApprovalApiAccessLogGroup", "Arn")));
    }

    @Test
    void theAuroraClusterRefusesPlaintextAndAuditsLoginsDdlAndGrants() {
        Map<String, Object> parameters = map(template.properties("AuroraClusterParameterGroup").get("Parameters"));
        assertThat(parameters).containsEntry("require_secure_transport", "ON").containsEntry("server_audit_logging", 1);
        assertThat(Set.of(((String) parameters.get("server_audit_events")).split(",")))
                .containsExactlyInAnyOrder("CONNECT", "QUERY_DCL", "QUERY_DDL");
        assertThat(IamPolicies.strings(template.properties("AuroraCluster").get("EnableCloudwatchLogsExports"))).contains("audit");
    }

    @Test
    void theDmsInstanceIsMultiAzByDefault() {
        assertThat(parameter("DmsMultiAz").get("Default")).isEqualTo("true");
    }

    @Test
    void theRolesDmsAssumesForThisStackAcceptOnlyThisAccount() {
        for (String role : List.of("DmsSecretsAccessRole", "DmsAssessmentRole")) {
            List<?> trust = (List<?>) map(template.properties(role).get("AssumeRolePolicyDocument")).get("Statement");
            assertThat(trust).as(role).allSatisfy(s -> assertThat(map(map(s).get("Condition")).get("StringEquals"))
                    .isEqualTo(Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))));
        }
    }

    @Test
    void theApprovalsTableSurvivesTheStack() {
        Map<String, Object> table = template.resources().get("ApprovalsTable");
        assertThat(table).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(template.properties("ApprovalsTable")).containsEntry("DeletionProtectionEnabled", true);
    }

    @Test
    void everyFunctionLogsToALogGroupThatExpires() {
        Map<String, Object> logging = map(map(template.section("Globals").get("Function")).get("LoggingConfig"));
        assertThat(logging).containsEntry("LogGroup", Map.of("Ref", "FunctionLogGroup"));
        assertThat(template.properties("FunctionLogGroup")).containsEntry("RetentionInDays", Map.of("Ref", "LogRetentionDays"));
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            assertThat(template.properties(function)).as(function).doesNotContainKey("LoggingConfig");
        }
    }
}
