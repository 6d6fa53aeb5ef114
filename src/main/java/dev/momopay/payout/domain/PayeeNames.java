package dev.momopay.payout.domain;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The tolerant comparison of an expected payee name with the name MoMo holds for the wallet. Both are normalised
 * (accents removed, case folded, punctuation dropped, spaces collapsed) and split into words. They match when every
 * word of the shorter name appears in the longer one, so "Jean-Paul Mbeki" matches "MBEKI Jean Paul" and "Jean
 * Mbeki" matches "Jean Paul Mbeki"; a single word only matches a single word. Nothing else is guessed.
 */
public final class PayeeNames {
    private PayeeNames() {
    }

    public static boolean matches(String expected, String actual) {
        List<String> a = words(expected);
        List<String> b = words(actual);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        List<String> shorter = a.size() <= b.size() ? a : b;
        List<String> longer = a.size() <= b.size() ? b : a;
        if (shorter.size() == 1 && longer.size() > 1) {
            return false;
        }
        return longer.containsAll(shorter);
    }

    static List<String> words(String name) {
        if (name == null) {
            return List.of();
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
        return plain.isEmpty() ? List.of() : Arrays.asList(plain.split(" "));
    }
}
