package dev.momopay.devstack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Live progress while the worker processes the batch: payouts by status, dead letters and outcome events. On a
 * terminal a small table (one short line per status, so it never wraps) is redrawn in place with ANSI cursor moves;
 * otherwise (a pipe, CI) one line is printed whenever the counts change.
 */
final class ProgressDisplay {

    private static final long REFRESH_MILLIS = 300;

    private final PrintStream out;
    private final OutcomeProbe probe;
    private final List<DemoRecord> records;
    private final boolean inPlace = System.console() != null;
    private final Instant start = Instant.now();
    private String last = "";
    private int drawnLines;

    ProgressDisplay(PrintStream out, OutcomeProbe probe, List<DemoRecord> records) {
        this.out = out;
        this.probe = probe;
        this.records = records;
    }

    /** Refreshes the display until the condition holds or the timeout passes; true when the condition held. */
    boolean showUntil(BooleanSupplier done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            boolean finished = done.getAsBoolean();
            show();
            if (finished || Instant.now().isAfter(deadline)) {
                return finished;
            }
            Sleep.millis(REFRESH_MILLIS);
        }
    }

    /** Ends the in-place line so that what follows starts on a fresh one. */
    void finish() {
        drawnLines = 0;
    }

    private void show() {
        Map<String, Integer> counts = probe.countsByStatus(records);
        String statuses = OutcomeProbe.STATUSES.stream().filter(counts::containsKey)
                .map(s -> s + " " + counts.get(s)).collect(Collectors.joining(" | "));
        if (counts.containsKey("waiting")) {
            statuses = "waiting " + counts.get("waiting") + (statuses.isEmpty() ? "" : " | " + statuses);
        }
        long matched = records.stream().filter(probe::matches).count();
        String line = "payouts: " + statuses + "  ||  DLQ " + probe.deadLetters().size() + " | outcome events "
                + probe.outcomeEventCount() + " | as expected " + matched + "/" + records.size();
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        if (inPlace) {
            redraw(counts, String.format("  dead letters %d | outcome events %d | as expected %d/%d   (%.1f s)",
                    probe.deadLetters().size(), probe.outcomeEventCount(), matched, records.size(), seconds));
        } else if (!line.equals(last)) {
            out.printf("[%5.1fs] %s%n", seconds, line);
        }
        last = line;
    }

    private void redraw(Map<String, Integer> counts, String footer) {
        StringBuilder screen = new StringBuilder();
        if (drawnLines > 0) {
            screen.append("\033[").append(drawnLines).append('F'); // back to the first line of the table
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("  %-17s %3d", "(waiting)", counts.getOrDefault("waiting", 0)));
        OutcomeProbe.STATUSES.forEach(s -> lines.add(String.format("  %-17s %3d", s, counts.getOrDefault(s, 0))));
        lines.add(footer);
        lines.forEach(l -> screen.append(l).append("\033[K\n"));
        drawnLines = lines.size();
        out.print(screen);
        out.flush();
    }
}
