package dev.probity.privacy.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
 *
 * <p>Most candidates are not parsed: when the region's own patterns (its international dialling prefix, country code
 * and national prefix, compiled once per region) show that a parse could only read the digits as they stand, the
 * number is built from them and libphonenumber's validity check alone is asked — the same answer as parsing, a few
 * times faster ({@code PhoneFastPathTest} compares the two on generated numbers of 28 regions).
 */
public final class PhoneRecognizer implements TextIndex.Indexed {
    /** The regions tried for numbers written without a country code, in order. */
    public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "BR");
    static final Context.Words POSITIVE = Context.words("phone", "phones", "telephone", "tel", "call", "called", "calling",
            "mobile", "cell", "cellphone", "fax", "ring", "dial", "text", "sms", "whatsapp", "reach", "contact",
            "landline", "hotline", "tél", "telefon", "telefono", "teléfono", "handy", "portable");
    static final Context.Words NEGATIVE = Context.words("order", "orders", "invoice", "ref", "reference", "tracking",
            "account", "acct", "serial", "sku", "item", "ticket", "case", "transaction", "po", "id", "isbn", "part",
            "model", "batch", "lot", "parcel", "shipment", "booking", "confirmation", "receipt", "policy", "claim");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private final List<String> regions;
    private final List<Region> plans;
    /** The regions whose national numbers are not written with a trunk prefix 0. */
    private final List<Region> noTrunkZeroPlans;

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
        this.plans = this.regions.stream().map(Region::of).toList();
        this.noTrunkZeroPlans = this.plans.stream().filter(r -> !"0".equals(UTIL.getNddPrefixForRegion(r.code, true))).toList();
    }

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public void find(String text, List<Entity> out) {
        find(TextIndex.of(text), out);
    }

    @Override
    public void find(TextIndex index, List<Entity> out) {
        String text = index.text;
        TextIndex.Starts starts = index.starts();
        int n = text.length();
        StringBuilder digits = new StringBuilder(16);
        int i = starts.next(0);
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
            int count = DigitRuns.count(text, i, e);
            if (count >= 7 && count <= 15 && Context.boundaryAfter(text, e) && !otherShape(text, i, e)) {
                match(text, s, e, count, digits, out);
            }
            i = starts.next(Math.max(e, i + 1));
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

    private void match(String text, int s, int e, int count, StringBuilder digits, List<Entity> out) {
        boolean international = text.charAt(s) == '+';
        // A national number is tried in the regions that write it so: with a leading 0 in every region, otherwise only
        // in those whose trunk prefix is not 0 (a parse costs microseconds; regions that cannot match are not asked).
        char first = text.charAt(s) == '(' ? text.charAt(s + 1) : text.charAt(s);
        if (!international && first != '0' && (count < 9 || count > 11)) {
            return; // national numbers without a trunk 0 in the regions that have none (US, ES, IT) have 9 to 11 digits
        }
        char prev = Context.previousNonSpace(text, s);
        if (prev == '#' || Context.before(text, s, NEGATIVE, Context.BEFORE / 2)) {
            return; // an order, invoice or tracking number: not a phone number, and not worth a parse
        }
        digits.setLength(0);
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (Checksums.isDigit(c)) {
                digits.append(c);
            }
        }
        List<Region> tried = international ? plans.subList(0, 1) : first == '0' ? plans : noTrunkZeroPlans;
        for (Region region : tried) {
            if (!valid(text, s, e, international, digits, region)) {
                continue;
            }
            double score = international ? 0.75 : region == plans.get(0) ? 0.65 : 0.55;
            if (Context.near(text, s, e, POSITIVE)) {
                score = Math.min(1, score + 0.25);
            }
            out.add(new Entity(PiiType.PHONE, s, e, score, name()));
            return;
        }
    }

    /**
     * Whether libphonenumber parses {@code text[s, e)} (whose digits are {@code digits}) in {@code region} to a number
     * it calls valid — the same answer as {@link #parsedValid}, without a parse where none is needed. A parse's work on
     * a window of digits and separators is to read the country code (after a {@code +} or an international dialling
     * prefix), strip a national prefix, and keep the rest as the national number; when no dialling prefix, no country
     * code of the region and no national prefix can stand at the start of the digits (the region's own patterns
     * say so), that rest is the digits themselves, and the number is built from them directly. Otherwise, and for
     * non-geographic country codes, libphonenumber parses the window itself.
     */
    boolean valid(String text, int s, int e, boolean international, CharSequence digits, Region region) {
        Phonenumber.PhoneNumber number;
        if (international) {
            int len = digits.length();
            int cc = 0;
            int k = 0;
            if (digits.charAt(0) != '0') {
                for (int j = 1; j <= 3 && j <= len; j++) {
                    int candidate = Integer.parseInt(digits, 0, j, 10);
                    if (!UTIL.getRegionCodesForCountryCode(candidate).isEmpty()) {
                        cc = candidate;
                        k = j;
                        break;
                    }
                }
            }
            if (cc == 0) {
                // no country code after the plus: libphonenumber reads the digits again without it, in the region
                return parsedValid(text.substring(s, e), region.code);
            }
            Region home = Region.of(UTIL.getRegionCodeForCountryCode(cc));
            if (home == null || home.mayStripPrefix(digits, k) || len - k <= 2) {
                return parsedValid(text.substring(s, e), region.code);
            }
            number = home.number(digits, k);
            return validNumber(number, home);
        }
        if (region.mayRewrite(digits)) {
            return parsedValid(text.substring(s, e), region.code);
        }
        number = region.number(digits, 0);
        return validNumber(number, region);
    }

    /** {@link PhoneNumberUtil#isValidNumber}, asking the number's main region first (the usual answer, in one step). */
    private static boolean validNumber(Phonenumber.PhoneNumber number, Region home) {
        if (home.main) {
            if (UTIL.isValidNumberForRegion(number, home.code)) {
                return true; // isValidNumber asks the main region first; with no leading digits to check, it says the same
            }
            if (home.alone) {
                return false; // isValidNumber asks the only region of the country code: the same question
            }
        }
        return UTIL.isValidNumber(number);
    }

    /** The reference: libphonenumber parses the window in the region and calls the result valid. */
    static boolean parsedValid(String window, String region) {
        try {
            return UTIL.isValidNumber(UTIL.parse(window, region));
        } catch (NumberParseException ex) {
            return false;
        }
    }

    /** A region's numbering plan as parsing uses it, looked up and compiled once. */
    static final class Region {
        private static final java.util.concurrent.ConcurrentHashMap<String, Optional<Region>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        final String code;
        final int countryCode;
        private final String countryCodeDigits;
        /** The international dialling prefix, e.g. {@code 011} in the US. */
        private final Pattern idd;
        /** The national prefix as parsing recognizes it (with carrier codes where the region has them), or null. */
        private final Pattern nationalPrefix;
        /** Whether the region comes first for its country code and has no leading digits that decide between regions. */
        final boolean main;
        /** Whether the region is the only one of its country code. */
        final boolean alone;

        private Region(String code, PhoneMetadata m) {
            this.code = code;
            this.countryCode = m.getCountryCode();
            this.countryCodeDigits = Integer.toString(countryCode);
            this.idd = Pattern.compile(m.getInternationalPrefix());
            String npp = m.getNationalPrefixForParsing();
            this.nationalPrefix = npp == null || npp.isEmpty() ? null : Pattern.compile(npp);
            this.main = code.equals(UTIL.getRegionCodeForCountryCode(countryCode)) && !m.hasLeadingDigits();
            this.alone = UTIL.getRegionCodesForCountryCode(countryCode).size() == 1;
        }

        /** The region's plan, or null for a region libphonenumber has no metadata for (non-geographic codes). */
        static Region of(String code) {
            return CACHE.computeIfAbsent(code, c -> {
                PhoneMetadata m = "001".equals(c) ? null : METADATA.getMetadataForRegion(c); // 001: non-geographic codes
                return m == null ? Optional.empty() : Optional.of(new Region(c, m));
            }).orElse(null);
        }

        /** Whether a parse in this region could read the digits other than as a national number of the region. */
        boolean mayRewrite(CharSequence digits) {
            return idd.matcher(digits).lookingAt() || startsWith(digits, countryCodeDigits) || mayStripPrefix(digits, 0);
        }

        /** Whether the region's national prefix (or carrier code) may stand at {@code digits[from]}. */
        boolean mayStripPrefix(CharSequence digits, int from) {
            return nationalPrefix != null && nationalPrefix.matcher(digits).region(from, digits.length()).lookingAt();
        }

        /** The number of this region whose national significant number is {@code digits[from, end)}. */
        Phonenumber.PhoneNumber number(CharSequence digits, int from) {
            Phonenumber.PhoneNumber p = new Phonenumber.PhoneNumber().setCountryCode(countryCode)
                    .setNationalNumber(Long.parseLong(digits, from, digits.length(), 10));
            if (digits.length() - from > 1 && digits.charAt(from) == '0') {
                p.setItalianLeadingZero(true);
                int zeros = 1;
                while (zeros < digits.length() - from - 1 && digits.charAt(from + zeros) == '0') {
                    zeros++;
                }
                if (zeros != 1) {
                    p.setNumberOfLeadingZeros(zeros);
                }
            }
            return p;
        }

        private static boolean startsWith(CharSequence s, String prefix) {
            if (s.length() < prefix.length()) {
                return false;
            }
            for (int k = 0; k < prefix.length(); k++) {
                if (s.charAt(k) != prefix.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }
}
