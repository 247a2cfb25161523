package dev.probity.privacy.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Telephone numbers, validated by Google's libphonenumber: a number is reported only when libphonenumber parses it
 * and calls it valid ({@link PhoneNumberUtil#isValidNumber}: its length and prefix belong to a number range of its
 * region's numbering plan) — as an international number ({@code +} and country code) or as a national number of one
 * of the configured regions, tried in order.
 *
 * <p>Candidates are found first by a cheap scan (7 to 15 digits joined by spaces, hyphens, dots, slashes or
 * brackets; a bracket or plus sign before them belongs to the number), so libphonenumber only sees the few places
 * that could hold a number, and sees each one alone (its own text finder is several times slower). A national number is
 * tried only in the regions that write it that way: starting with 0 in every region, otherwise only in the regions
 * whose trunk prefix is not 0 (US, ES, IT of the defaults), so a German or British number is recognized nationally when
 * written with its leading 0, as it is dialled. Score: international
 * 0.75, national in the first region 0.65, in a later region 0.55; "phone", "tel", "call", "mobile" and the like
 * nearby add 0.25. "order", "invoice", "ref", "tracking" and the like before it, or a {@code #} right before it,
 * make it an identifier of something else, and it is not reported. A national number without a leading 0 must have 9
 * to 11 digits (the lengths of the default regions without a trunk prefix 0: US, ES, IT).
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
    /** The regions whose national numbers are not written with a trunk prefix 0. */
    private final List<String> noTrunkZero;

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
        this.noTrunkZero = this.regions.stream().filter(r -> !"0".equals(UTIL.getNddPrefixForRegion(r, true))).toList();
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
        // A national number is tried in the regions that write it so: with a leading 0 in every region, otherwise only
        // in those whose trunk prefix is not 0 (a parse costs microseconds; regions that cannot match are not asked).
        char first = window.charAt(0) == '(' ? window.charAt(1) : window.charAt(0);
        int digits = DigitRuns.digits(window, 0, window.length()).length();
        if (!international && first != '0' && (digits < 9 || digits > 11)) {
            return; // national numbers without a trunk 0 in the regions that have none (US, ES, IT) have 9 to 11 digits
        }
        char prev = Context.previousNonSpace(text, s);
        if (prev == '#' || Context.before(text, s, NEGATIVE, Context.BEFORE / 2)) {
            return; // an order, invoice or tracking number: not a phone number, and not worth a parse
        }
        List<String> tried = international ? regions.subList(0, 1) : first == '0' ? regions : noTrunkZero;
        for (String region : tried) {
            Phonenumber.PhoneNumber number;
            try {
                number = UTIL.parse(window, region);
            } catch (NumberParseException ex) {
                continue;
            }
            if (!UTIL.isValidNumber(number)) {
                continue;
            }
            int ms = s;
            int me = e;
            double score = international ? 0.75 : region.equals(regions.get(0)) ? 0.65 : 0.55;
            if (Context.near(text, ms, me, POSITIVE)) {
                score = Math.min(1, score + 0.25);
            }
            out.add(new Entity(PiiType.PHONE, ms, me, score, name()));
            return;
        }
    }
}
