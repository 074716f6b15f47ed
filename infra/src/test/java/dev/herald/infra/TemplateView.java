package dev.herald.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Plain-map views of a synthesized template, for assertions that walk many resources. */
final class TemplateView {
    private final Map<String, Object> json;

    @SuppressWarnings("unchecked")
    TemplateView(Template template) {
        this.json = (Map<String, Object>) template.toJSON();
    }

    /** Logical id to Properties of every resource of that type. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> properties(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, (Map<String, Object>) r.getOrDefault("Properties", Map.of()));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) json.get("Resources");
    }

    /** Every IAM statement of every AWS::IAM::Policy and inline role policy, with the policy's logical id. */
    @SuppressWarnings("unchecked")
    List<Statement> iamStatements() {
        List<Statement> out = new ArrayList<>();
        properties("AWS::IAM::Policy").forEach((id, p) -> addStatements(out, id, (Map<String, Object>) p.get("PolicyDocument")));
        properties("AWS::IAM::Role").forEach((id, p) -> {
            for (Object policy : (List<Object>) p.getOrDefault("Policies", List.of())) {
                addStatements(out, id, (Map<String, Object>) ((Map<String, Object>) policy).get("PolicyDocument"));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void addStatements(List<Statement> out, String policyId, Map<String, Object> document) {
        for (Object s : (List<Object>) document.get("Statement")) {
            Map<String, Object> st = (Map<String, Object>) s;
            out.add(new Statement(policyId, list(st.get("Action")), list(st.get("Resource")), st));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** The value of a resource's {@code Ref}: its logical id. */
    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    record Statement(String policyId, List<Object> actions, List<Object> resources, Map<String, Object> raw) {
        boolean allows(String action) {
            return "Allow".equals(raw.get("Effect")) && actions.contains(action);
        }
    }
}
