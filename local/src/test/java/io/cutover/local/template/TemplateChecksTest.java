package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.local.Project;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each template check fails on a template broken on purpose (local/src/test/resources/templates/*-broken.yaml),
 * with the exact messages: the checks that pass on template.yaml in {@link TemplateTest} are not vacuous.
 */
class TemplateChecksTest {
    private static CfnSpec spec;

    @BeforeAll
    static void loadSpecification() {
        spec = CfnSpec.load(CfnSpec.defaultLocation());
    }

    private static SamTemplate fixture(String name) {
        try {
            return SamTemplate.read(Path.of(TemplateChecksTest.class.getResource("/templates/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void samSchemaReportsMisspeltAndMissingPropertiesPerResource() {
        Optional<SamSchemaCheck> check = SamSchemaCheck.load(SamSchemaCheck.defaultLocation());
        assumeTrue(check.isPresent(), "SAM schema validation NOT RUN: " + SamSchemaCheck.defaultLocation() + " is absent");
        assertThat(check.get().problems(fixture("sam-schema-broken.yaml"))).containsExactly(
                "Api.Properties: property 'StageNme' is not defined in the schema and the schema does not allow additional properties",
                "Api.Properties: required property 'StageName' not found",
                "Fn.Properties: property 'AutoPublishAlis' is not defined in the schema and the schema does not allow additional properties",
                "Globals.Function: property 'Tracng' is not defined in the schema and the schema does not allow additional properties");
    }

    @Test
    void withoutTheSamSchemaFileTheCheckIsNotAvailable() {
        assertThat(SamSchemaCheck.load(Path.of("/nonexistent/sam.schema.json"))).isEmpty();
    }

    @Test
    void cloudFormationSpecificationReportsTypesPropertiesAndAttributes() {
        assertThat(new CfnSpecCheck(spec).problems(fixture("cfn-broken.yaml"))).containsExactly(
                "Queue: AWS::SQS::Queu is not a CloudFormation resource type",
                "Subscription: AWS::SNS::Subscription has no property Protocl",
                "Subscription: required property Protocol (AWS::SNS::Subscription) is missing",
                "Bucket: BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault: ServerSideEncryptionByDefault has no property SSEAlgorithmm",
                "Bucket: BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault: required property SSEAlgorithm (ServerSideEncryptionByDefault) is missing",
                "Bucket: Tags: must be a list, not an object",
                "Machine: Logging: LoggingConfiguration has no property IncludeExecutionDta",
                "Alarm: !GetAtt Topic.Name: AWS::SNS::Topic has no attribute Name (it has TopicArn, TopicName)",
                "Alarm: ${Machine.Nme}: AWS::StepFunctions::StateMachine has no attribute Nme (it has Arn, Name, StateMachineRevisionId)");
    }

    @Test
    void missingSpecificationFailsNamingTheInstallStep() {
        Path missing = Path.of("/nonexistent/db.json.gz");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CfnSpec.load(missing))
                .hasMessageContaining("npm ci").hasMessageContaining("@aws-cdk/aws-service-spec");
    }

    @Test
    void referencesReportMissingTargetsUnguardedConditionalResourcesAndUnusedNames() {
        assertThat(new ReferenceCheck().problems(fixture("references-broken.yaml"))).containsExactly(
                "Conditions.FromResource: !Ref Topic is not a parameter (conditions can only use parameters)",
                "Topic: ${Missing}: no resource, parameter or pseudo parameter Missing",
                "Queue: DependsOn Topic: Topic exists only when condition Enabled holds; give Queue that condition or wrap the reference in Fn::If Enabled",
                "Queue: DependsOn Nowhere, which is not a resource",
                "Queue: !GetAtt Ghost.Arn: no resource Ghost",
                "Queue: !Ref Topic: Topic exists only when condition Enabled holds; give Queue that condition or wrap the reference in Fn::If Enabled",
                "Fn: !Ref Fn.Live: AWS::Serverless::Function has no reference .Live",
                "Outputs.Out: condition Nope does not exist",
                "Outputs.Out: !Ref Topic: Topic exists only when condition Enabled holds; give Outputs.Out that condition or wrap the reference in Fn::If Enabled",
                "Parameters.Unused: never used",
                "Conditions.Lonely: never used",
                "Conditions.FromResource: never used");
    }

    @Test
    void theApprovalCycleIsFoundIncludingSamEventsAndGlobals() {
        assertThat(new DependencyCycleCheck().problems(fixture("cycle-broken.yaml"))).containsExactly(
                "dependency cycle: ApprovalApi -> CallbackFunction -> ApprovalApi",
                "dependency cycle: ApprovalApi -> CallbackFunction -> MigrationStateMachine -> RequestApprovalFunction -> ApprovalApi");
    }

    @Test
    void handlersMustExistImplementTheInterfaceAndHaveTheirConstructors() {
        HandlerCheck check = new HandlerCheck(Project.root().resolve("local/src/test/java"));
        assertThat(check.problems(fixture("handlers-broken.yaml"))).containsExactly(
                "Missing: handler io.cutover.local.template.fixtures.Missing has no source file local/src/test/java/io/cutover/local/template/fixtures/Missing.java",
                "NotAHandler: handler io.cutover.local.template.fixtures.NotAHandler implements neither RequestStreamHandler nor RequestHandler",
                "NoDefaultConstructor: handler io.cutover.local.template.fixtures.NoDefaultConstructorHandler has no public no-arg constructor (Lambda creates the handler with it)",
                "NoPortsConstructor: handler io.cutover.local.template.fixtures.NoPortsConstructorHandler: method handle is not the handler interface's handleRequest",
                "NoPortsConstructor: handler io.cutover.local.template.fixtures.NoPortsConstructorHandler has no public (Ports) constructor (tests and the local rehearsal use it)",
                "NoHandler: no Handler");
    }

    @Test
    void stateMachinesAndTheirAslFilesMustAgreeAndInvokeOnlyPermittedFunctions() {
        assertThat(new StateMachineWiringCheck().problems(fixture("asl-broken.yaml"))).containsExactly(
                "Machine: ${NotSubstitutedArn} in broken.asl.json has no DefinitionSubstitution",
                "Machine: substitution ForbiddenFunctionArn must be !Ref ForbiddenFunction.Alias (SnapStart applies to published versions only)",
                "Machine: substitution UnusedArn is not used by broken.asl.json",
                "Machine: state 'Literal function' invokes arn:aws:lambda:eu-west-1:123456789012:function:x, not a ${…} substitution",
                "Machine: state 'Not permitted' invokes ForbiddenFunction but the state machine's role may not (add LambdaInvokePolicy: {FunctionName: !Ref ForbiddenFunction})",
                "Machine: state 'Not a function' invokes ${TopicArn}, which is not a function of this template",
                // ByStatement grants invoke with statements (Sub ${Fn.Arn}:* and GetAtt): no permission problem
                "ByStatement: state 'Literal function' invokes arn:aws:lambda:eu-west-1:123456789012:function:x, not a ${…} substitution",
                "ByStatement: state 'Not a function' invokes ${TopicArn}, which is not a function of this template",
                "NoFile: DefinitionUri missing.asl.json does not exist");
    }

    @Test
    void resourceStarIsAllowedOnlyForAllowListedActionsWithTheirConditions() {
        assertThat(new IamWildcardCheck().problems(fixture("iam-broken.yaml"))).containsExactly(
                "Fn: statement Describe allows ec2:DescribeInstances on Resource '*': scope it to ARNs (or, if the action has no resource type, add it to IamWildcardCheck.ALLOW_LIST with the reason)",
                "Fn: statement Describe allows dms:Describe* on Resource '*': scope it to ARNs (or, if the action has no resource type, add it to IamWildcardCheck.ALLOW_LIST with the reason)",
                "Fn: statement Metrics allows cloudwatch:PutMetricData on Resource '*' without a cloudwatch:namespace condition",
                "Role: statement #1 allows * on Resource '*': scope it to ARNs (or, if the action has no resource type, add it to IamWildcardCheck.ALLOW_LIST with the reason)",
                "Managed: statement #1 allows logs:PutLogEvents on Resource '*': scope it to ARNs (or, if the action has no resource type, add it to IamWildcardCheck.ALLOW_LIST with the reason)");
    }

    @Test
    void everyAllowListEntryGivesItsReason() {
        IamWildcardCheck.ALLOW_LIST.forEach((action, allowed) -> {
            assertThat(action).matches("[a-z0-9-]+:[A-Za-z]+");
            assertThat(allowed.reason()).as(action).isNotBlank();
        });
    }

    @Test
    void secretsMustNotBeWrittenInParametersPropertiesEnvironmentOrOutputs() {
        assertThat(new SecretCheck().problems(fixture("secrets-broken.yaml"))).containsExactly(
                "Parameters.DbPassword: looks like a secret but is not NoEcho (better: let Secrets Manager hold it)",
                "Parameters.DbPassword: a secret must not have a Default",
                "Cluster: MasterUserPassword comes from the parameter DbPassword (use Secrets Manager: a dynamic reference, GenerateSecretString or ManageMasterUserPassword)",
                "Cluster: MasterUsername without ManageMasterUserPassword: true (let RDS keep the password in Secrets Manager)",
                "Secret: SecretString is written in the template",
                "Secret: the secret value must be generated (GenerateSecretString), not written in the template",
                "Endpoint: Password is written in the template",
                "Fn: Environment.Variables.DB_PASSWORD is written in the template",
                "Fn: environment variable API_TOKEN holds a literal value; pass the secret's id and read it from Secrets Manager",
                "Outputs.Token: exposes the NoEcho parameter ApiToken");
    }

    @Test
    void functionsAndStateMachinesMustFollowTheConventions() {
        assertThat(new ConventionsCheck().problems(fixture("conventions-broken.yaml"))).containsExactly(
                "Fn: Runtime is java17, not java21",
                "Fn: no AutoPublishAlias (SnapStart applies to published versions, which the state machines invoke through the alias)",
                "Fn: SnapStart is not ApplyOn: PublishedVersions",
                "Fn: Tracing is not Active",
                "Machine: Type is EXPRESS, not STANDARD (redrive, exactly-once tasks, a year of runtime)",
                "Machine: Logging must set IncludeExecutionData: false (payloads carry configuration and evidence)",
                "Machine: Logging has no Destinations",
                "Machine: Tracing is not Enabled: true",
                "Machine: no alarm on AWS/States ExecutionsFailed (Dimensions StateMachineArn: !Ref Machine, with AlarmActions)",
                "Machine: no alarm on AWS/States ExecutionsAborted (Dimensions StateMachineArn: !Ref Machine, with AlarmActions)");
    }
}
