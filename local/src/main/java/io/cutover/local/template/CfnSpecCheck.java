package io.cutover.local.template;

import io.cutover.local.template.Intrinsics.Kind;
import io.cutover.local.template.Intrinsics.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain CloudFormation resources against the resource specification ({@link CfnSpec}): unknown types, unknown
 * or missing required properties at every level, GetAtt (and {@code ${X.Attr}}) on attributes the type does not
 * have. SAM resources are the SAM schema's job ({@link SamSchemaCheck}), except the properties SAM passes through
 * to the resource it generates unchanged, which the SAM schema does not look into: those are checked here
 * against the generated type's property.
 */
public final class CfnSpecCheck implements TemplateCheck {
    /** SAM property → (generated CloudFormation type, its property), for properties SAM passes through as they are. */
    private static final Map<String, Map<String, List<String>>> PASS_THROUGH = Map.of(
            "AWS::Serverless::Function", Map.ofEntries(
                    Map.entry("Runtime", List.of("AWS::Lambda::Function", "Runtime")),
                    Map.entry("Handler", List.of("AWS::Lambda::Function", "Handler")),
                    Map.entry("Description", List.of("AWS::Lambda::Function", "Description")),
                    Map.entry("MemorySize", List.of("AWS::Lambda::Function", "MemorySize")),
                    Map.entry("Timeout", List.of("AWS::Lambda::Function", "Timeout")),
                    Map.entry("Environment", List.of("AWS::Lambda::Function", "Environment")),
                    Map.entry("VpcConfig", List.of("AWS::Lambda::Function", "VpcConfig")),
                    Map.entry("Architectures", List.of("AWS::Lambda::Function", "Architectures")),
                    Map.entry("LoggingConfig", List.of("AWS::Lambda::Function", "LoggingConfig")),
                    Map.entry("EphemeralStorage", List.of("AWS::Lambda::Function", "EphemeralStorage")),
                    Map.entry("SnapStart", List.of("AWS::Lambda::Function", "SnapStart")),
                    Map.entry("ReservedConcurrentExecutions", List.of("AWS::Lambda::Function", "ReservedConcurrentExecutions"))),
            "AWS::Serverless::StateMachine", Map.of(
                    "Logging", List.of("AWS::StepFunctions::StateMachine", "LoggingConfiguration"),
                    "Tracing", List.of("AWS::StepFunctions::StateMachine", "TracingConfiguration"),
                    "Name", List.of("AWS::StepFunctions::StateMachine", "StateMachineName")),
            "AWS::Serverless::Api", Map.of(
                    "MethodSettings", List.of("AWS::ApiGateway::Stage", "MethodSettings"),
                    "AccessLogSetting", List.of("AWS::ApiGateway::Stage", "AccessLogSetting"),
                    "TracingEnabled", List.of("AWS::ApiGateway::Stage", "TracingEnabled"),
                    "Variables", List.of("AWS::ApiGateway::Stage", "Variables"),
                    "Name", List.of("AWS::ApiGateway::RestApi", "Name")));

    private final CfnSpec spec;

    public CfnSpecCheck(CfnSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<String> problems(SamTemplate template) {
        List<String> problems = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            String type = String.valueOf(resource.get("Type"));
            Object properties = resource.get("Properties");
            if (SamTypes.isSam(type)) {
                passThrough(id, type, properties, problems);
            } else if (!SamTypes.isCustom(type)) {
                problems.addAll(spec.checkResource(id, type, properties));
            }
            for (String section : List.of("Properties", "Metadata")) {
                attributes(template, id, Intrinsics.references(resource.get(section)), problems);
            }
        });
        template.section("Globals").forEach((kind, settings) -> {
            passThrough("Globals." + kind, "AWS::Serverless::" + kind, settings, problems);
            attributes(template, "Globals." + kind, Intrinsics.references(settings), problems);
        });
        template.section("Outputs").forEach((name, output) ->
                attributes(template, "Outputs." + name, Intrinsics.references(output), problems));
        return problems;
    }

    private void passThrough(String prefix, String samType, Object properties, List<String> problems) {
        if (!(properties instanceof Map<?, ?> props)) {
            return;
        }
        Map<String, List<String>> table = PASS_THROUGH.getOrDefault(samType, Map.of());
        props.forEach((k, v) -> {
            List<String> target = table.get(String.valueOf(k));
            if (target != null) {
                problems.addAll(spec.checkProperty(prefix, String.valueOf(k), target.get(0), target.get(1), v));
            }
        });
    }

    private void attributes(SamTemplate template, String source, List<Reference> references, List<String> problems) {
        for (Reference r : references) {
            boolean getAtt = r.kind() == Kind.GETATT || (r.kind() == Kind.SUB && r.attribute() != null);
            String type = template.type(r.target());
            if (!getAtt || type == null || r.attribute() == null || SamTypes.isCustom(type)) {
                continue; // missing targets are ReferenceCheck's
            }
            if (r.kind() == Kind.SUB && SamTypes.REF_SUFFIXES.getOrDefault(type, java.util.Set.of()).contains(r.attribute())) {
                continue; // ${Fn.Alias} in a Sub: SAM resolves it like !Ref Fn.Alias
            }
            String cfnType = SamTypes.TRANSLATED.getOrDefault(type, type);
            if (cfnType.equals("AWS::CloudFormation::Stack") && r.attribute().startsWith("Outputs.")) {
                continue;
            }
            if (spec.hasType(cfnType) && !spec.attributes(cfnType).contains(r.attribute())) {
                problems.add(source + ": " + r.written() + ": " + cfnType + " has no attribute " + r.attribute()
                        + " (it has " + spec.attributeList(cfnType) + ")");
            }
        }
    }
}
