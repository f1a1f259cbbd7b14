package io.cutover.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The identity-policy statements written in a template, wherever they are (SAM Policies, IAM roles and policies). */
final class IamPolicies {
    /** One statement: the resource that holds it, a label (its Sid or position) and the statement itself. */
    record Statement(String owner, String label, Map<?, ?> body) {
        List<String> actions() {
            return strings(body.get("Action"));
        }

        boolean allows() {
            return "Allow".equals(body.get("Effect"));
        }
    }

    private IamPolicies() {}

    /** Every statement of every identity policy in the template. */
    static List<Statement> all(SamTemplate t) {
        List<Statement> statements = new ArrayList<>();
        t.resources().forEach((id, resource) -> {
            String type = String.valueOf(resource.get("Type"));
            Map<String, Object> props = t.properties(id);
            switch (type) {
                case "AWS::Serverless::Function", "AWS::Serverless::StateMachine" -> samPolicies(id, props.get("Policies"), statements);
                case "AWS::IAM::Role" -> {
                    if (props.get("Policies") instanceof List<?> policies) {
                        for (Object p : policies) {
                            if (p instanceof Map<?, ?> policy) {
                                document(id, policy.get("PolicyDocument"), statements);
                            }
                        }
                    }
                }
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> document(id, props.get("PolicyDocument"), statements);
                default -> { }
            }
        });
        return statements;
    }

    /**
     * The statements that apply to a SAM function's or state machine's role: its inline Policies plus the
     * AWS::IAM::ManagedPolicy resources of this template it lists with {@code !Ref}.
     */
    static List<Statement> ofSamResource(SamTemplate t, String id) {
        List<Statement> statements = new ArrayList<>();
        Object policies = t.properties(id).get("Policies");
        samPolicies(id, policies, statements);
        for (Object p : policies instanceof List<?> list ? list : List.of(policies == null ? List.of() : policies)) {
            if (p instanceof Map<?, ?> m && m.get("Ref") instanceof String ref && "AWS::IAM::ManagedPolicy".equals(t.type(ref))) {
                document(ref, t.properties(ref).get("PolicyDocument"), statements);
            }
        }
        return statements;
    }

    /** SAM policy templates ({@code {TemplateName: {…}}}) of a SAM resource's Policies. */
    static List<Map<?, ?>> policyTemplates(SamTemplate t, String id) {
        Object policies = t.properties(id).get("Policies");
        List<Map<?, ?>> templates = new ArrayList<>();
        for (Object p : policies instanceof List<?> list ? list : List.of(policies == null ? List.of() : policies)) {
            if (p instanceof Map<?, ?> m && m.size() == 1 && !Intrinsics.isIntrinsic(m) && !m.containsKey("Statement")) {
                templates.add(m);
            }
        }
        return templates;
    }

    private static void samPolicies(String id, Object policies, List<Statement> statements) {
        if (policies instanceof Map<?, ?> single) {
            policies = List.of(single);
        }
        if (policies instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof Map<?, ?> m && m.containsKey("Statement")) {
                    document(id, m, statements);
                }
            }
        }
    }

    private static void document(String owner, Object document, List<Statement> statements) {
        if (!(document instanceof Map<?, ?> doc)) {
            return;
        }
        Object s = doc.get("Statement");
        List<?> list = s instanceof List<?> l ? l : s == null ? List.of() : List.of(s);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> body) {
                String label = body.get("Sid") instanceof String sid ? sid : "#" + (i + 1);
                statements.add(new Statement(owner, label, body));
            }
        }
    }

    /** The literal strings of a value that may be a string, a list or an Fn::If of them. */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof List<?> list) {
            list.forEach(v -> out.addAll(strings(v)));
        } else if (value instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> args && args.size() == 3) {
            out.addAll(strings(args.get(1)));
            out.addAll(strings(args.get(2)));
        }
        return out;
    }
}
