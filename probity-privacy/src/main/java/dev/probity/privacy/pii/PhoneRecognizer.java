package dev.probity.privacy.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Telephone numbers, validated by Google's libphonenumber: a number is reported only when libphonenumber's matcher
 * accepts it at {@link PhoneNumberUtil.Leniency#VALID} (a number that can be dialled in its region, with its
 * formatting consistent) — as an international number ({@code +} and country code) or as a national number of one
 * of the configured regions, tried in order.
 *
 * <p>Candidates are found first by a cheap scan (7 to 15 digits joined by spaces, hyphens, dots, slashes or
 * brackets), so libphonenumber's matcher only sees the few places that could hold a number. Score: international
 * 0.75, national in the first region 0.65, in a later region 0.55; "phone", "tel", "call", "mobile" and the like
 * nearby add 0.25. "order", "invoice", "ref", "tracking" and the like before it, or a {@code #} right before it,
 * make it an identifier of something else: score 0.2, below the scanner's threshold.
 */
public final class PhoneRecognizer implements Recognizer {
    /** The regions tried for numbers written without a country code, in order. */
    public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "BR");
    static final Set<String> POSITIVE = Set.of("phone", "phones", "telephone", "tel", "call", "called", "calling",
            "mobile", "cell", "cellphone", "fax", "ring", "dial", "text", "sms", "whatsapp", "reach", "contact",
            "landline", "hotline", "tél", "telefon", "telefono", "teléfono", "handy", "portable");
    static final Set<String> NEGATIVE = Set.of("order", "orders", "invoice", "ref", "reference", "tracking",
            "account", "acct", "serial", "sku", "item", "ticket", "case", "transaction", "po", "id", "isbn", "part",
            "model", "batch", "lot", "parcel", "shipment", "booking", "confirmation", "receipt", "policy", "claim");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final List<String> regions;

    public PhoneRecognizer() {
        this(DEFAULT_REGIONS);
    }

    /** A recognizer trying national numbers of these ISO 3166-1 regions (upper case, e.g. {@code US}), in order. */
    public PhoneRecognizer(List<String> regions) {
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region is needed");
        }
        for (String r : regions) {
            if (!UTIL.getSupportedRegions().contains(r.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("'" + r + "' is not a region libphonenumber knows");
            }
        }
        this.regions = regions.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
    }

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public void find(String text, List<Entity> out) {
        int n = text.length();
        int i = DigitRuns.nextStart(text, 0);
        while (i >= 0) {
            int s = i;
            // an opening bracket or a plus sign belongs to the number
            if (s > 0 && (text.charAt(s - 1) == '(' || text.charAt(s - 1) == '+')) {
                s--;
                if (s > 0 && text.charAt(s) == '(' && text.charAt(s - 1) == '+') {
                    s--;
                }
            }
            int e = end(text, i);
            int digits = DigitRuns.digits(text, i, e).length();
            if (digits >= 7 && digits <= 15 && Context.boundaryAfter(text, e) && !otherShape(text, i, e)) {
                match(text, s, e, out);
            }
            i = DigitRuns.nextStart(text, Math.max(e, i + 1));
            if (i < 0 || i >= n) {
                break;
            }
        }
    }

    /** Digits with up to two separator characters between them ("(415) 555-0123", "+44 (0)20 7946 0958"). */
    private static int end(String t, int s) {
        int n = t.length();
        int i = s;
        int last = s;
        while (i < n) {
            char c = t.charAt(i);
            if (Checksums.isDigit(c)) {
                i++;
                last = i;
                continue;
            }
            int k = i;
            while (k < n && k - i < 2 && " -./()".indexOf(t.charAt(k)) >= 0) {
                k++;
            }
            if (k > i && k < n && Checksums.isDigit(t.charAt(k))) {
                i = k;
            } else {
                break;
            }
        }
        return last;
    }

    /** Runs shaped as dates, IPv4 addresses or SSNs ({@code 123-45-6789}) are left to their own recognizers. */
    private static boolean otherShape(String t, int s, int e) {
        boolean ssnShape = e - s == 11 && t.charAt(s + 3) == '-' && t.charAt(s + 6) == '-';
        return ssnShape || IpRecognizer.ipv4Length(t, s, e) == e - s || DateRecognizer.numericDate(t, s, e);
    }

    private void match(String text, int s, int e, List<Entity> out) {
        String window = text.substring(s, e);
        boolean international = window.charAt(0) == '+';
        for (int r = 0; r < (international ? 1 : regions.size()); r++) {
            boolean found = false;
            for (PhoneNumberMatch m : UTIL.findNumbers(window, regions.get(r), PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                int ms = s + m.start();
                int me = s + m.end();
                double score = international || window.charAt(m.start()) == '+' ? 0.75 : r == 0 ? 0.65 : 0.55;
                char prev = Context.previousNonSpace(text, ms);
                if (prev == '#' || Context.before(text, ms, NEGATIVE, Context.BEFORE / 2)) {
                    score = 0.2;
                } else if (Context.near(text, ms, me, POSITIVE)) {
                    score = Math.min(1, score + 0.25);
                }
                out.add(new Entity(PiiType.PHONE, ms, me, score, name()));
                found = true;
            }
            if (found) {
                return;
            }
        }
    }
}
