package dev.probity.privacy.pii;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Validity tables: published test numbers, registry example IBANs, SSA's SSN rules, Verhoeff and DNI examples. */
class ChecksumsTest {
    /** Test card numbers that payment processors publish (all pass Luhn); the same with the last digit changed fail. */
    @ParameterizedTest
    @CsvSource({
        "4111111111111111, true", "4111111111111112, false",
        "4012888888881881, true", "4012888888881882, false",
        "5500005555555559, true", "5500005555555558, false",
        "5105105105105100, true", "5105105105105101, false",
        "378282246310005, true", "378282246310006, false",
        "371449635398431, true", "371449635398432, false",
        "6011111111111117, true", "6011111111111118, false",
        "3530111333300000, true", "3530111333300001, false",
        "30569309025904, true", "30569309025905, false",
        "79927398713, true", "79927398710, false"})
    void luhn(String number, boolean valid) {
        assertThat(Checksums.luhn(number)).isEqualTo(valid);
    }

    /** The SWIFT IBAN registry's example IBANs (checked here with Python's int mod 97 as well); one digit changed fails. */
    @ParameterizedTest
    @CsvSource({
        "DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819", "FR1420041010050500013M02606",
        "NL91ABNA0417164300", "ES9121000418450200051332", "IT60X0542811101000000123456", "BE68539007547034",
        "CH9300762011623852957", "AT611904300234573201", "NO9386011117947", "PL61109010140000071219812874",
        "SE4550000000058398257466", "DK5000400440116243", "FI2112345600000785"})
    void registryExamplesPassMod97AndAChangedDigitFails(String iban) {
        assertThat(Checksums.iban(iban)).isTrue();
        char last = iban.charAt(iban.length() - 1);
        String changed = iban.substring(0, iban.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        assertThat(Checksums.iban(changed)).isFalse();
        assertThat(Checksums.iban(iban + "0")).as("one character too long").isFalse();
        assertThat(Checksums.iban("XX" + iban.substring(2))).as("no such country").isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1, 1, true", "899, 99, 9999, true", "123, 45, 6789, true", "665, 1, 1, true", "667, 1, 1, true",
        "0, 12, 3456, false", "666, 12, 3456, false", "900, 12, 3456, false", "999, 12, 3456, false",
        "123, 0, 3456, false", "123, 45, 0, false", "78, 5, 1120, false", "219, 9, 9999, false"})
    void ssnRanges(int area, int group, int serial, boolean valid) {
        assertThat(Checksums.ssn(area, group, serial)).isEqualTo(valid);
    }

    /** Verhoeff's worked example (Wikipedia, "Verhoeff algorithm"): 236 has check digit 3. */
    @ParameterizedTest
    @CsvSource({"2363, true", "2364, false", "2362, false", "0, true", "1, false"})
    void verhoeff(String digits, boolean valid) {
        assertThat(Checksums.verhoeff(digits)).isEqualTo(valid);
    }

    /** 12345678 mod 23 = 14 → Z; X1234567 is 01234567, mod 23 = 19 → L. */
    @ParameterizedTest
    @CsvSource({"12345678Z, true", "12345678A, false", "X1234567L, true", "X1234567Z, false", "1234567Z, false"})
    void spanishIds(String id, boolean valid) {
        assertThat(Checksums.spanishId(id)).isEqualTo(valid);
    }
}
