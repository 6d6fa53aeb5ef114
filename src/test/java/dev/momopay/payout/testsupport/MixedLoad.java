package dev.momopay.payout.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded mixed command traffic for the fault scenarios and the chaos soak, sent through an {@link InvariantChecker}
 * so that every record is accounted for: payouts to numbers that succeed, fail or stay pending at MoMo, refunds,
 * exact duplicates, idempotency conflicts, invalid content and garbage bytes.
 */
public final class MixedLoad {

    /** Payee numbers: mostly SUCCESSFUL, some FAILED (sandbox matrix), a few PENDING forever (pending by design). */
    private static final String[] SUCCESS = {"56733123453", "46733123499", "46733100001", "46733123464"};
    private static final String[] FAILURE = {"46733123450", "46733123457", "46733123461", "46733123455"};
    private static final String[] PENDING = {"46733123454"};
    private static final String[] TOPICS = {CommandProducer.DEPOSITS, CommandProducer.TRANSFERS};

    private final InvariantChecker checker;
    private final Random random;
    private final List<String[]> sentValid = new ArrayList<>();
    private final double pendingShare;

    public MixedLoad(InvariantChecker checker, long seed, double pendingShare) {
        this.checker = checker;
        this.random = new Random(seed);
        this.pendingShare = pendingShare;
    }

    public MixedLoad(InvariantChecker checker, long seed) {
        this(checker, seed, 0.0);
    }

    /** {@code count} valid payouts (deposits, transfers, a few refunds); returns their references. */
    public List<String> payouts(int count) {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String ref = new UUID(random.nextLong(), random.nextLong()).toString();
            ref = v4(ref);
            String topic;
            String value;
            if (random.nextInt(10) == 0) {
                topic = CommandProducer.REFUNDS;
                value = Commands.refund(ref, amount(), v4(new UUID(random.nextLong(), random.nextLong()).toString()));
            } else {
                topic = TOPICS[random.nextInt(TOPICS.length)];
                value = Commands.payout(ref, amount(), msisdn());
            }
            checker.send(topic, ref, value);
            sentValid.add(new String[] {topic, ref, value});
            refs.add(ref);
        }
        return refs;
    }

    /** Bad input: duplicates and conflicts of earlier payouts, invalid content, invalid references, garbage. */
    public int badInput(int count) {
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(6);
            if (sentValid.isEmpty() && kind < 2) {
                kind = 2;
            }
            switch (kind) {
                case 0 -> { // exact duplicate (producer retry)
                    String[] earlier = sentValid.get(random.nextInt(sentValid.size()));
                    checker.send(earlier[0], earlier[1], earlier[2]);
                }
                case 1 -> { // same reference, other amount: an idempotency conflict
                    String[] earlier = sentValid.get(random.nextInt(sentValid.size()));
                    checker.send(earlier[0], earlier[1], earlier[2].replaceFirst("\"amount\":\"[0-9]+\"",
                            "\"amount\":\"999" + random.nextInt(1000) + "\""));
                }
                case 2 -> { // valid reference, invalid content: REJECTED
                    String ref = Commands.newReference();
                    String[] broken = {"\"amount\":\"-5\"", "\"amount\":\"1e3\"", "\"currency\":\"XYZ\"",
                        "\"partyId\":\"12\"", "\"payeeNote\":\"" + "x".repeat(161) + "\""};
                    String value = Commands.payout(ref, "10", "46733123499");
                    String patch = broken[random.nextInt(broken.length)];
                    String field = patch.substring(0, patch.indexOf(':'));
                    value = value.replaceFirst(field + ":\"[^\"]*\"", patch);
                    checker.send(CommandProducer.DEPOSITS, ref, value);
                }
                case 3 -> // invalid reference
                    checker.send(CommandProducer.TRANSFERS, "not-a-uuid",
                            Commands.payout("6f1c1a50-3c2e-11ee-be56-0242ac120002", "10", "46733123499"));
                case 4 -> { // garbage bytes
                    byte[] garbage = new byte[1 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    checker.send(CommandProducer.DEPOSITS, "garbage".getBytes(StandardCharsets.UTF_8), garbage);
                }
                default -> // truncated JSON
                    checker.send(CommandProducer.REFUNDS, null, "{\"referenceId\":\"" + Commands.newReference());
            }
        }
        return count;
    }

    private String amount() {
        return Integer.toString(1 + random.nextInt(500));
    }

    private String msisdn() {
        double roll = random.nextDouble();
        if (roll < pendingShare) {
            return PENDING[random.nextInt(PENDING.length)];
        }
        return roll < pendingShare + 0.2 ? FAILURE[random.nextInt(FAILURE.length)]
                : SUCCESS[random.nextInt(SUCCESS.length)];
    }

    /** Makes a random UUID a version-4 one (the contract requires v4), keeping it seeded. */
    private static String v4(String uuid) {
        char[] c = uuid.toCharArray();
        c[14] = '4';
        c[19] = "89ab".charAt(Character.digit(c[19], 16) & 3);
        return new String(c);
    }
}
