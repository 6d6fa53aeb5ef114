package dev.momopay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Readings from /proc: a process's resident memory and CPU time, the machine's CPU use and load average. */
final class ProcessStats {

    /** Clock ticks per second of /proc's CPU counters (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** Resident set size now, in MiB (0 when the process is gone). */
    static double residentMiB(long pid) {
        return statusField(pid, "VmRSS:") / 1024.0;
    }

    /** Peak resident set size since the process started, in MiB. */
    static double peakResidentMiB(long pid) {
        return statusField(pid, "VmHWM:") / 1024.0;
    }

    /** User + system CPU seconds the process has used so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU seconds per thread name of a process so far, threads of one pool summed (digits in names become '#').
     * Threads that ended in between are missed, so a difference of two readings is a lower bound per name.
     */
    static java.util.Map<String, Double> cpuSecondsByThread(long pid) {
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    byName.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /** CPU seconds of this JVM (broker, simulator, load generator) and of the PostgreSQL processes it started. */
    static double[] ownAndPostgresCpuSeconds() {
        double own = cpuSeconds(ProcessHandle.current().pid());
        double postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(ProcessStats::isEmbeddedPostgres).orElse(false))
                .mapToDouble(p -> cpuSeconds(p.pid())).sum();
        return new double[] {own, postgres};
    }

    private static boolean isEmbeddedPostgres(String command) {
        return command.endsWith("/postgres") && command.contains("embedded-pg");
    }

    /** Busy and total CPU ticks of the whole machine (all cores), for a utilisation between two readings. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 1};
        }
    }

    /** Share (0..1) of all cores busy between two {@link #machineTicks()} readings. */
    static double utilisation(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total <= 0 ? 0 : (after[0] - before[0]) / (double) total;
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long statusField(long pid, String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return 0;
    }
}
