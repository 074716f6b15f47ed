package dev.herald.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import dev.herald.common.store.Preferences;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code GET|PUT /v1/me/preferences}:
 * <pre>{"optOuts": ["orders:email", "*:push"], "quietHours": {"start": "22:00", "end": "07:00"}, "timeZone": "Europe/Paris"}</pre>
 * An opt-out is {@code category:channel}, either side {@code *}; a category x channel pair not listed is opted in.
 * Quiet hours need the IANA time zone they are read in. A PUT replaces all three; every field is checked and every
 * problem reported (field and how to fix it), nothing is stored unless all are right.
 */
final class PreferenceRequests {
    private static final Set<String> FIELDS = Set.of("optOuts", "quietHours", "timeZone");
    private static final int MAX_OPT_OUTS = 200;

    /** The parsed preferences, or the problems. */
    sealed interface Parsed {
    }

    record Valid(Preferences preferences) implements Parsed {
    }

    record Invalid(List<Problem> problems) implements Parsed {
    }

    private PreferenceRequests() {
    }

    static Parsed parse(String userId, String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : Json.tree(body);
        } catch (RuntimeException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            return new Invalid(List.of(new Problem("body", "is not a JSON object; send e.g. "
                    + "{\"optOuts\":[\"orders:email\"],\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"},\"timeZone\":\"Europe/Paris\"}")));
        }
        List<Problem> problems = new ArrayList<>();
        tree.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(new Problem(f, "is not a preference; use optOuts, quietHours and timeZone"));
            }
        });
        Set<String> optOuts = new LinkedHashSet<>();
        JsonNode list = tree.get("optOuts");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add(new Problem("optOuts", "is not a list; send e.g. [\"orders:email\", \"*:push\"] or []"));
            } else if (list.size() > MAX_OPT_OUTS) {
                problems.add(new Problem("optOuts", "has " + list.size() + " entries, above " + MAX_OPT_OUTS + "; use * for a whole category or channel"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode e = list.get(i);
                    String field = "optOuts[" + i + "]";
                    if (!e.isTextual()) {
                        problems.add(new Problem(field, "is not a string such as \"orders:email\""));
                        continue;
                    }
                    try {
                        new Preferences(userId, Set.of(e.asText()), Optional.empty(), ZoneOffset.UTC);
                        optOuts.add(e.asText());
                    } catch (IllegalArgumentException bad) {
                        problems.add(new Problem(field, bad.getMessage()));
                    }
                }
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        JsonNode tz = tree.get("timeZone");
        boolean zoneGiven = tz != null && !tz.isNull();
        if (zoneGiven) {
            if (!tz.isTextual()) {
                problems.add(new Problem("timeZone", "is not a string such as \"Europe/Paris\""));
            } else {
                try {
                    zone = Preferences.zone(tz.asText());
                } catch (IllegalArgumentException bad) {
                    problems.add(new Problem("timeZone", bad.getMessage()));
                }
            }
        }
        Optional<Preferences.QuietHours> quiet = Optional.empty();
        JsonNode q = tree.get("quietHours");
        if (q != null && !q.isNull()) {
            if (!q.isObject()) {
                problems.add(new Problem("quietHours", "is not an object; send e.g. {\"start\":\"22:00\",\"end\":\"07:00\"} or null"));
            } else {
                String start = time(q, "start", problems);
                String end = time(q, "end", problems);
                q.fieldNames().forEachRemaining(f -> {
                    if (!f.equals("start") && !f.equals("end")) {
                        problems.add(new Problem("quietHours." + f, "is not part of quiet hours; use start and end"));
                    }
                });
                if (start != null && end != null) {
                    quiet = Optional.of(Preferences.QuietHours.parse(start, end));
                }
                if (!zoneGiven) {
                    problems.add(new Problem("timeZone", "is missing; quiet hours are read in the user's IANA time zone, e.g. \"Europe/Paris\""));
                }
            }
        }
        return problems.isEmpty() ? new Valid(new Preferences(userId, optOuts, quiet, zone)) : new Invalid(problems);
    }

    private static String time(JsonNode quiet, String name, List<Problem> problems) {
        JsonNode v = quiet.get(name);
        String field = "quietHours." + name;
        if (v == null || !v.isTextual()) {
            problems.add(new Problem(field, "is missing or not a string; give a time such as \"" + ("start".equals(name) ? "22:00" : "07:00") + "\""));
            return null;
        }
        try {
            Preferences.QuietHours.parse(v.asText(), v.asText());
            return v.asText();
        } catch (IllegalArgumentException bad) {
            problems.add(new Problem(field, "'" + v.asText() + "' is not a time such as 22:00 (HH:mm, 24-hour)"));
            return null;
        }
    }

    static ObjectNode json(Preferences p) {
        ObjectNode o = Json.object();
        var list = o.putArray("optOuts");
        p.optOuts().stream().sorted().forEach(list::add);
        if (p.quietHours().isPresent()) {
            ObjectNode q = o.putObject("quietHours");
            q.put("start", p.quietHours().get().start().toString());
            q.put("end", p.quietHours().get().end().toString());
        } else {
            o.putNull("quietHours");
        }
        o.put("timeZone", p.timeZone().getId());
        return o;
    }
}
