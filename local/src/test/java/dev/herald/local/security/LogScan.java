package dev.herald.local.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads captured console output line by line and finds secrets in the lines logged at INFO or above.
 * A line is one of Herald's JSON log events (logback's {@code JsonEncoder}: {@code level},
 * {@code loggerName}, {@code formattedMessage}, {@code throwable}...), a line of {@code herald up}'s
 * human format ({@code 12:00:00.000 INFO  Logger - message}), or anything else (a stack trace line,
 * a library's own output) - whose level is unknown and which is therefore held to the INFO rule.
 * DEBUG and TRACE lines may name users' data; they are off in deployments, so they are not scanned.
 * <p>A finding is either a known secret value (the exact text that was used in the run) or a shape
 * that is always a secret or an address: a compact JWT, a PEM block, an email address.
 */
final class LogScan {
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----|PRIVATE KEY");
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern HUMAN = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR)\\s+(\\S+) - .*");
    private static final Set<String> BELOW_INFO = Set.of("TRACE", "DEBUG");

    /** One line of output: its level ({@code UNKNOWN} when it has none) and logger (or empty). */
    record Line(int number, String level, String logger, String text) {
        boolean infoOrAbove() {
            return !BELOW_INFO.contains(level);
        }
    }

    /** A secret (or a secret's shape) in a line at INFO or above; {@code excerpt} has the secret masked. */
    record Finding(int line, String level, String logger, String what, String excerpt) {
        @Override
        public String toString() {
            return "line " + line + " " + level + " " + logger + ": " + what + " in " + excerpt;
        }
    }

    private LogScan() {
    }

    static List<Line> parse(String output) {
        List<Line> lines = new ArrayList<>();
        int n = 0;
        for (String text : output.split("\\R")) {
            n++;
            if (text.isBlank()) {
                continue;
            }
            lines.add(classify(n, text));
        }
        return lines;
    }

    private static Line classify(int n, String text) {
        if (text.startsWith("{") && text.contains("\"level\"")) {
            try {
                JsonNode event = Json.tree(text);
                if (event.hasNonNull("level")) {
                    return new Line(n, event.path("level").asText(), event.path("loggerName").asText(""), text);
                }
            } catch (RuntimeException e) {
                // not JSON after all: unknown level
            }
        }
        Matcher human = HUMAN.matcher(text);
        if (human.matches()) {
            return new Line(n, human.group(1), human.group(2), text);
        }
        return new Line(n, "UNKNOWN", "", text);
    }

    /**
     * @param secrets what was used in the run, by kind (e.g. "JWT" to every token minted); values shorter
     *                than 8 characters are ignored (they would match by chance)
     */
    static List<Finding> scan(List<Line> lines, Map<String, List<String>> secrets) {
        List<Finding> findings = new ArrayList<>();
        for (Line line : lines) {
            if (!line.infoOrAbove()) {
                continue;
            }
            secrets.forEach((kind, values) -> {
                for (String value : values) {
                    if (value != null && value.length() >= 8 && line.text().contains(value)) {
                        findings.add(finding(line, kind, line.text().replace(value, "<" + kind + ">")));
                    }
                }
            });
            shape(findings, line, JWT, "something shaped like a JWT");
            shape(findings, line, PEM, "PEM key material");
            shape(findings, line, EMAIL, "an email address");
        }
        return findings;
    }

    private static void shape(List<Finding> findings, Line line, Pattern pattern, String what) {
        Matcher m = pattern.matcher(line.text());
        if (m.find()) {
            findings.add(finding(line, what + " ('" + mask(m.group()) + "')", pattern.matcher(line.text()).replaceAll("<masked>")));
        }
    }

    private static Finding finding(Line line, String what, String excerpt) {
        String shown = excerpt.length() > 400 ? excerpt.substring(0, 400) + "..." : excerpt;
        return new Finding(line.number(), line.level(), line.logger(), what, shown);
    }

    /** Enough of a match to recognise it in a report without repeating it. */
    private static String mask(String s) {
        return s.length() <= 6 ? "***" : s.substring(0, 3) + "***" + s.substring(s.length() - 3);
    }
}
