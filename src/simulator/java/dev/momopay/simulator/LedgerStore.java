package dev.momopay.simulator;

import dev.momopay.simulator.ledger.Ledger;
import dev.momopay.simulator.ledger.Totals;
import dev.momopay.simulator.ledger.TransactionView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The ledger: thread-safe maps written by the event loop and read by tests. */
final class LedgerStore implements Ledger {
    private final Map<UUID, Tx> txs = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> postAttempts = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> acceptedPosts = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> statusGets = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Map<UUID, Long> order = new ConcurrentHashMap<>();
    final AtomicLong postAttemptsTotal = new AtomicLong();
    final AtomicLong statusGetsTotal = new AtomicLong();
    final AtomicLong tokensIssued = new AtomicLong();
    final AtomicLong callbacksAttempted = new AtomicLong();
    final AtomicLong callbacksDelivered = new AtomicLong();

    /** Records the transaction unless the reference is already used; returns false on a duplicate. */
    boolean insert(Tx tx) {
        if (txs.putIfAbsent(tx.ref, tx) != null) {
            return false;
        }
        order.put(tx.ref, seq.incrementAndGet());
        return true;
    }

    Tx get(UUID ref) {
        return txs.get(ref);
    }

    private final Map<Long, AtomicInteger> statusGetsBySecond = new java.util.concurrent.ConcurrentHashMap<>();

    void countPost(UUID ref) {
        postAttempts.computeIfAbsent(ref, k -> new AtomicInteger()).incrementAndGet();
        postAttemptsTotal.incrementAndGet();
    }

    /**
     * A POST that created a transaction. Counted apart from {@link #insert}, whose map cannot hold a second one: a
     * repeat that got accepted anyway (a double payment) shows here. Today every repeat is refused before that.
     */
    void countAcceptedPost(UUID ref) {
        acceptedPosts.computeIfAbsent(ref, k -> new AtomicInteger()).incrementAndGet();
    }

    void countStatusGet(UUID ref) {
        statusGets.computeIfAbsent(ref, k -> new AtomicInteger()).incrementAndGet();
        statusGetsTotal.incrementAndGet();
        statusGetsBySecond.computeIfAbsent(System.currentTimeMillis() / 1000, k -> new AtomicInteger())
                .incrementAndGet();
    }

    @Override
    public java.util.SortedMap<Long, Integer> statusGetsPerSecond(long fromEpochSecond) {
        java.util.SortedMap<Long, Integer> counts = new java.util.TreeMap<>();
        statusGetsBySecond.forEach((second, count) -> {
            if (second >= fromEpochSecond) {
                counts.put(second, count.get());
            }
        });
        return counts;
    }

    @Override
    public List<TransactionView> transactions() {
        List<Tx> all = new ArrayList<>(txs.values());
        all.sort(Comparator.comparingLong(t -> order.getOrDefault(t.ref, Long.MAX_VALUE)));
        List<TransactionView> out = new ArrayList<>(all.size());
        for (Tx t : all) {
            out.add(t.view());
        }
        return out;
    }

    @Override
    public Optional<TransactionView> transaction(UUID referenceId) {
        Tx t = txs.get(referenceId);
        return t == null ? Optional.empty() : Optional.of(t.view());
    }

    @Override
    public int postAttempts(UUID referenceId) {
        AtomicInteger a = postAttempts.get(referenceId);
        return a == null ? 0 : a.get();
    }

    @Override
    public int acceptedPostAttempts(UUID referenceId) {
        AtomicInteger a = acceptedPosts.get(referenceId);
        return a == null ? 0 : a.get();
    }

    @Override
    public Map<UUID, Integer> acceptedPostAttempts() {
        Map<UUID, Integer> counts = new java.util.HashMap<>();
        acceptedPosts.forEach((ref, count) -> counts.put(ref, count.get()));
        return counts;
    }

    @Override
    public int statusGets(UUID referenceId) {
        AtomicInteger a = statusGets.get(referenceId);
        return a == null ? 0 : a.get();
    }

    @Override
    public long acceptedCount() {
        return txs.size();
    }

    @Override
    public long tokensIssued() {
        return tokensIssued.get();
    }

    @Override
    public Totals totals() {
        long pending = 0;
        long ok = 0;
        long failed = 0;
        for (Tx t : txs.values()) {
            switch (t.status()) {
                case "SUCCESSFUL" -> ok++;
                case "FAILED" -> failed++;
                default -> pending++;
            }
        }
        return new Totals(txs.size(), pending, ok, failed, postAttemptsTotal.get(), statusGetsTotal.get(),
            tokensIssued.get(), callbacksAttempted.get(), callbacksDelivered.get());
    }
}
