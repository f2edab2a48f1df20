package org.gaoos.jbeam.bif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The BIF status table in docs/bifs.md is generated from the registry and OTP 27's own list of
 * BIFs and static NIFs (erlang:system_info(snifs), kept in otp27-snifs.txt); this test fails when
 * the committed table is stale. Regenerate with
 * {@code mvn -q -B test -pl jbeam-vm -am -Dtest=BifStatusTest -Dsurefire.failIfNoSpecifiedTests=false -Djbeam.updateBifStatus=true}.
 */
class BifStatusTest {
    private static final String BEGIN = "<!-- BEGIN GENERATED BIF STATUS -->", END = "<!-- END GENERATED BIF STATUS -->";

    static String table() {
        Set<String> otp = new TreeSet<>(TermBifs.loadOtpBifs());
        Set<String> ours = new TreeSet<>();
        for (BifTable.Entry e : BifTable.all()) ours.add(e.module().name() + ":" + e.name().name() + "/" + e.arity());
        Map<String, List<String>> missing = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (String mfa : otp) {
            String m = mfa.substring(0, mfa.indexOf(':'));
            int[] c = counts.computeIfAbsent(m, k -> new int[2]);
            c[1]++;
            if (ours.contains(mfa)) c[0]++;
            else missing.computeIfAbsent(m, k -> new ArrayList<>()).add(mfa.substring(m.length() + 1));
        }
        int done = 0;
        for (int[] c : counts.values()) done += c[0];
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        sb.append("\nOTP 27 BIFs and static NIFs implemented: **").append(done).append(" of ").append(otp.size())
                .append("**. Registered in jbeam: ").append(ours.size()).append(".\n\n");
        sb.append("| module | implemented | of | missing |\n| --- | --- | --- | --- |\n");
        for (var e : counts.entrySet()) {
            List<String> miss = missing.getOrDefault(e.getKey(), List.of());
            sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue()[0]).append(" | ").append(e.getValue()[1])
                    .append(" | ").append(miss.isEmpty() ? "" : "`" + String.join("` `", miss) + "`").append(" |\n");
        }
        Set<String> extra = new TreeSet<>(ours);
        extra.removeAll(otp);
        sb.append("\nRegistered in jbeam but Erlang code in OTP 27 (jbeam's BIF replaces the OTP function): ");
        sb.append(extra.isEmpty() ? "none" : "`" + String.join("` `", extra) + "`").append(".\n\n").append(END);
        return sb.toString();
    }

    @Test
    void docsBifsMdIsCurrent() throws IOException {
        Path doc = Path.of("..", "docs", "bifs.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN), e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, "docs/bifs.md lacks the generated section markers");
        String current = text.substring(b, e + END.length());
        String fresh = table();
        if (Boolean.getBoolean("jbeam.updateBifStatus") && !current.equals(fresh)) {
            Files.writeString(doc, text.substring(0, b) + fresh + text.substring(e + END.length()), StandardCharsets.UTF_8);
            current = fresh;
        }
        assertEquals(fresh, current, "docs/bifs.md is stale: regenerate it (see BifStatusTest's comment)");
    }
}
