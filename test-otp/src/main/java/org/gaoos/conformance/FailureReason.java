package org.gaoos.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line reason a known failure is listed with: the Erlang error and where it was raised,
 * classified by its cause when the shape of the error tells it (a BIF jbeam lacks, a timetrap,
 * a suite the loader rejects, an internal error of the VM). Reads the failure detail the runner
 * reports: {@code [init_per_...] Class:Reason} (the reason pretty-printed over several lines),
 * then the stack trace, one {@code M:F/A [(File:Line)]} frame a line.
 */
final class FailureReason {
    private FailureReason() {}

    private static final int MAX = 220;
    private static final Pattern FRAME = Pattern.compile("^\\s+([^\\s:]+:[^\\s]+/\\d+)(?: \\(.*\\))?$");
    private static final Pattern ERROR = Pattern.compile("^(?:(init_per_suite|init_per_group|init_per_testcase|"
            + "end_per_testcase) failed: )?(error|exit|throw):(.*)$", Pattern.DOTALL);
    private static final Pattern TIMETRAP = Pattern.compile("^\\{timetrap_timeout,(\\d+)\\}.*");
    private static final Pattern INTERNAL = Pattern.compile(".*\\{jbeam_internal_error,'([^':]+)(?::\\s*([^']*))?'\\}.*",
            Pattern.DOTALL);

    /** The reason for {@code detail}; {@code loadProblem} is what the VM said about a suite it could not load, or null. */
    static String of(String detail, String loadProblem) {
        String d = detail.strip();
        List<String> lines = d.lines().toList();
        String first = lines.isEmpty() ? "" : lines.getFirst();
        List<String> frames = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        for (String line : lines) {
            Matcher f = FRAME.matcher(line);
            if (f.matches() && !head.isEmpty()) {
                frames.add(f.group(1));
            } else if (frames.isEmpty()) {
                head.append(head.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        String reason;
        Matcher m;
        if (first.contains("cannot_load_suite")) {
            reason = "the suite does not load on jbeam: " + (loadProblem != null ? loadProblem : first);
        } else if ((m = TIMETRAP.matcher(first)).matches()) {
            reason = "timetrap: did not return within " + m.group(1) + " ms"
                    + (frames.isEmpty() ? "" : " (it was at " + frames.getFirst() + ")");
        } else if ((m = INTERNAL.matcher(d)).matches()) {
            reason = "jbeam internal error: " + m.group(1).replaceFirst("^java\\.lang\\.", "")
                    + (m.group(2) == null ? "" : ": " + m.group(2).strip());
        } else if ((m = ERROR.matcher(head.toString())).matches()) {
            String where = m.group(1) == null ? "" : "in " + m.group(1) + ": ";
            String kind = m.group(2), value = m.group(3).strip();
            String bif = frames.size() >= 2 && frames.get(0).equals("erlang:nif_error/1") ? frames.get(1) : null;
            if (bif != null && (value.equals("undef") || value.equals("undefined"))) {
                reason = where + "BIF missing in jbeam: " + bif + " (its stub raised " + kind + ":" + value + ")";
            } else if (value.equals("undef") && !frames.isEmpty()) {
                reason = where + "undefined function " + frames.getFirst() + " (error:undef)";
            } else {
                reason = where + kind + ":" + value + (frames.isEmpty() ? "" : " in " + frames.getFirst());
            }
        } else {
            reason = head.toString();
        }
        // the VM log a reason points to is in the run's own target directory: not part of the reason
        reason = reason.replace('\t', ' ').replaceAll("\\s+", " ").replaceAll("; see /\\S+", "");
        return reason.length() > MAX ? reason.substring(0, MAX) + "..." : reason;
    }
}
