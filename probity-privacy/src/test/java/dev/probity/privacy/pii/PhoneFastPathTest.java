package dev.probity.privacy.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phone recognizer builds most numbers from their digits instead of asking libphonenumber to parse the text; this
 * checks, on many generated windows, that its answer is libphonenumber's: parse in the region, then
 * {@code isValidNumber}.
 */
class PhoneFastPathTest {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** The default regions and others whose national and dialling prefixes are less simple. */
    private static final List<String> REGIONS = List.of("US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "BR", "CA",
            "AR", "MX", "JP", "CN", "RU", "CH", "BE", "AT", "PL", "KR", "ZA", "SG", "CO", "HU", "FI", "IL", "NZ");

    @Test
    void theFastPathGivesLibphonenumbersAnswer() {
        SplittableRandom rnd = new SplittableRandom(2026);
        PhoneRecognizer phone = new PhoneRecognizer();
        List<String> windows = new ArrayList<>();
        for (String r : REGIONS) {
            for (PhoneNumberUtil.PhoneNumberType type : List.of(PhoneNumberUtil.PhoneNumberType.MOBILE,
                    PhoneNumberUtil.PhoneNumberType.FIXED_LINE, PhoneNumberUtil.PhoneNumberType.TOLL_FREE)) {
                Phonenumber.PhoneNumber ex = UTIL.getExampleNumberForType(r, type);
                if (ex == null) {
                    continue;
                }
                for (int k = 0; k < 40; k++) {
                    String nsn = UTIL.getNationalSignificantNumber(ex);
                    StringBuilder changed = new StringBuilder(nsn);
                    for (int d = Math.max(0, nsn.length() - 1 - rnd.nextInt(6)); d < nsn.length(); d++) {
                        changed.setCharAt(d, (char) ('0' + rnd.nextInt(10)));
                    }
                    Phonenumber.PhoneNumber p;
                    try {
                        p = UTIL.parse("+" + ex.getCountryCode() + changed, "ZZ");
                    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                        continue;
                    }
                    windows.add(UTIL.format(p, PhoneNumberUtil.PhoneNumberFormat.NATIONAL));
                    windows.add(UTIL.format(p, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL));
                    windows.add(UTIL.format(p, PhoneNumberUtil.PhoneNumberFormat.E164));
                    windows.add(UTIL.getNationalSignificantNumber(p));
                    windows.add("00" + ex.getCountryCode() + " " + changed);
                    windows.add("011 " + ex.getCountryCode() + " " + changed);
                    windows.add(ex.getCountryCode() + " " + changed);
                    windows.add("+" + ex.getCountryCode() + " (0)" + changed);
                }
            }
        }
        String[] prefixes = {"", "0", "00", "01", "011", "1", "0011", "0015", "014", "90", "015", "044", "8", "49", "44", "+", "+1", "+0", "+44 0",
            "+55 0", "+800 ", "+979 ", "+999 "};
        for (int k = 0; k < 4_000; k++) {
            StringBuilder b = new StringBuilder(prefixes[rnd.nextInt(prefixes.length)]);
            int len = 6 + rnd.nextInt(10);
            for (int d = 0; d < len; d++) {
                b.append((char) ('0' + rnd.nextInt(10)));
                if (rnd.nextInt(5) == 0) {
                    b.append(" -./".charAt(rnd.nextInt(4)));
                }
            }
            String w = b.toString().replaceAll("[ ./-]+$", "");
            windows.add(w);
        }
        int valid = 0;
        int checked = 0;
        for (String w : windows) {
            if (w.replaceAll("[^0-9]", "").isEmpty()) {
                continue;
            }
            StringBuilder digits = new StringBuilder();
            w.chars().filter(c -> c >= '0' && c <= '9').forEach(c -> digits.append((char) c));
            boolean international = w.charAt(0) == '+';
            for (String r : international ? List.of("US", "GB") : REGIONS) {
                boolean expected = PhoneRecognizer.parsedValid(w, r);
                assertThat(phone.valid(w, 0, w.length(), international, digits, PhoneRecognizer.Region.of(r)))
                        .as("%s in %s", w, r).isEqualTo(expected);
                checked++;
                valid += expected ? 1 : 0;
            }
        }
        // the windows exercise both answers, many times each
        assertThat(checked).isGreaterThan(100_000);
        assertThat(valid).isGreaterThan(5_000);
    }
}
