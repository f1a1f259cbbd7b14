package io.cutover.local.template;

import java.util.Map;
import java.util.Set;

/** What the SAM transform turns each AWS::Serverless::* type into, as far as references are concerned. */
final class SamTypes {
    /** The CloudFormation resource a SAM resource becomes (its GetAtt attributes are that resource's). */
    static final Map<String, String> TRANSLATED = Map.of(
            "AWS::Serverless::Function", "AWS::Lambda::Function",
            "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine",
            "AWS::Serverless::Api", "AWS::ApiGateway::RestApi",
            "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api",
            "AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table",
            "AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion",
            "AWS::Serverless::Application", "AWS::CloudFormation::Stack");

    /** The {@code !Ref Resource.Suffix} forms SAM resolves (AutoPublishAlias, stages, deployments). */
    static final Map<String, Set<String>> REF_SUFFIXES = Map.of(
            "AWS::Serverless::Function", Set.of("Alias", "Version"),
            "AWS::Serverless::StateMachine", Set.of("Alias", "Version"),
            "AWS::Serverless::Api", Set.of("Stage", "Deployment"),
            "AWS::Serverless::HttpApi", Set.of("Stage"));

    private SamTypes() {}

    static boolean isSam(String type) {
        return type != null && type.startsWith("AWS::Serverless::");
    }

    static boolean isCustom(String type) {
        return type != null && (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource"));
    }
}
