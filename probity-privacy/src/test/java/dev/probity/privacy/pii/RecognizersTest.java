package dev.probity.privacy.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecognizersTest {
    private static final PiiScanner SCANNER = PiiScanner.defaults();

    private static List<String> found(String text, PiiType type) {
        return SCANNER.scan(text).stream().filter(e -> e.type() == type).map(e -> e.text(text)).toList();
    }

    /** Numbers from several regions, in international form, in a sentence. */
    @ParameterizedTest
    @ValueSource(strings = {"+1 650-253-0000", "+1 202-456-1111", "+44 20 7946 0958", "+61 2 9374 4000", "+49 30 12345678",
        "+33 1 23 45 67 89", "+91 98765 43210", "+81 3-1234-5678", "+55 11 91234-5678", "+34 912 345 678",
        "+39 06 6982 1234", "+31 20 123 4567"})
    void internationalNumbersOfManyRegions(String number) {
        assertThat(found("You can reach her on " + number + " after five.", PiiType.PHONE)).containsExactly(number);
    }

    /** Numbers that cannot exist: a US area code starting with 1 or 0, too few digits, an unassigned country code. */
    @ParameterizedTest
    @ValueSource(strings = {"+1 123-456-7890", "+1 023-456-7890", "+44 20 7946", "+49 30 1", "+999 1234 5678", "(123) 456-7890"})
    void numbersOutsideEveryNumberingPlanAreNotPhones(String number) {
        assertThat(found("You can reach her on " + number + " after five.", PiiType.PHONE)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Call me at (415) 555-0123 tomorrow.|(415) 555-0123",
        "Ring 020 7946 0958 from London.|020 7946 0958",
        "Tel. 030 12345678 (Berlin)|030 12345678"})
    void nationalNumbersOfTheConfiguredRegions(String text, String number) {
        assertThat(found(text, PiiType.PHONE)).containsExactly(number);
    }

    @Test
    void decoysAreNotPersonalData() {
        // a card number failing Luhn, an IBAN failing mod 97, SSNs never issued
        assertThat(SCANNER.scan("card 4111 1111 1111 1112 declined")).isEmpty();
        assertThat(SCANNER.scan("IBAN DE89 3704 0044 0532 0130 01")).isEmpty();
        for (String ssn : List.of("000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000")) {
            assertThat(found("SSN " + ssn, PiiType.US_SSN)).as(ssn).isEmpty();
            assertThat(SCANNER.scan("SSN " + ssn)).as(ssn).isEmpty();
        }
        // a version string is not an IP address in context; an order number is not a phone number
        assertThat(SCANNER.scan("Upgrade to version 1.2.3.4 today")).isEmpty();
        assertThat(SCANNER.scan("Your order #4155550123 has shipped")).isEmpty();
        assertThat(SCANNER.scan("Tracking number 4155550123 was updated")).isEmpty();
        // the same values where they are personal data
        assertThat(found("card 4111 1111 1111 1111 declined", PiiType.CREDIT_CARD)).containsExactly("4111 1111 1111 1111");
        assertThat(found("IBAN DE89 3704 0044 0532 0130 00", PiiType.IBAN)).containsExactly("DE89 3704 0044 0532 0130 00");
        assertThat(found("SSN 123-45-6789", PiiType.US_SSN)).containsExactly("123-45-6789");
        assertThat(found("Connection from 1.2.3.4 refused", PiiType.IP_ADDRESS)).containsExactly("1.2.3.4");
        assertThat(found("Call 4155550123 now", PiiType.PHONE)).containsExactly("4155550123");
    }

    @Test
    void contextRaisesAndLowersScores() {
        Entity plain = SCANNER.scan("it was 10.1.2.3 then").get(0);
        Entity ip = SCANNER.scan("client IP 10.1.2.3 then").get(0);
        assertThat(plain.score()).isEqualTo(IpRecognizer.SCORE);
        assertThat(ip.score()).isGreaterThan(plain.score());
        assertThat(PiiScanner.patternsOnly().withMinScore(0).scan("version 10.1.2.3").get(0).score()).isLessThan(0.5);
        // nine bare digits are an SSN only in context
        assertThat(found("ref 123456789", PiiType.US_SSN)).isEmpty();
        assertThat(found("SSN: 123456789", PiiType.US_SSN)).containsExactly("123456789");
        // dates of birth need a birth word
        assertThat(found("born on 15 March 1985", PiiType.DATE_OF_BIRTH)).containsExactly("15 March 1985");
        assertThat(found("due on 15 March 1985", PiiType.DATE)).containsExactly("15 March 1985");
        // passports need the word
        assertThat(found("passport number C01X00T47", PiiType.PASSPORT)).containsExactly("C01X00T47");
        assertThat(found("code C01X00T47", PiiType.PASSPORT)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "write to jane.doe+tag@mail.example.co.uk.|EMAIL|jane.doe+tag@mail.example.co.uk",
        "see https://example.com/a?b=c).|URL|https://example.com/a?b=c",
        "(see www.example.org/path)|URL|www.example.org/path",
        "host 2001:db8::1 is up|IP_ADDRESS|2001:db8::1",
        "host fe80:0:0:0:202:b3ff:fe1e:8329 is up|IP_ADDRESS|fe80:0:0:0:202:b3ff:fe1e:8329",
        "Born 1985-03-15.|DATE_OF_BIRTH|1985-03-15",
        "on March 5, 2020 we met|DATE|March 5, 2020",
        "NINO AB 12 34 56 C on file|NATIONAL_ID|AB 12 34 56 C",
        "DNI 12345678Z|NATIONAL_ID|12345678Z",
        "Aadhaar 2345 6789 0124 linked|NATIONAL_ID|2345 6789 0124",
        "lives at 221B Baker Street, London|STREET_ADDRESS|221B Baker Street",
        "at 1600 Pennsylvania Avenue NW, Washington, DC 20500|STREET_ADDRESS|1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "wohnt in der Hauptstraße 5, 10115 Berlin|STREET_ADDRESS|Hauptstraße 5, 10115 Berlin",
        "Amex 3782 822463 10005 charged|CREDIT_CARD|3782 822463 10005"})
    void recognizes(String text, PiiType type, String value) {
        assertThat(found(text, type)).containsExactly(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"at 10:30:45 sharp", "MAC 00:1A:2B:3C:4D:5E", "std::vector<int>", "a@b", "user@localhost",
        "1.2.3.4.5", "999.1.1.1", "31/02/2020", "2020-13-01", "version 3.2.1.0 released", "12345"})
    void notPersonalData(String text) {
        assertThat(PiiScanner.patternsOnly().scan(text)).as(text).isEmpty();
    }

    @Test
    void aadhaarNeedsItsCheckDigit() {
        // 2345 6789 0124 passes Verhoeff (the test above); the same with the last digit changed does not
        assertThat(Checksums.verhoeff("234567890124")).isTrue();
        assertThat(found("Aadhaar 2345 6789 0125 linked", PiiType.NATIONAL_ID)).isEmpty();
    }

    @Test
    void namesAreFoundByTheTaggerNotByTheLexiconAlone() {
        assertThat(found("Yesterday Dr. Okonkwo met Zbigniew Brzęczyszczykiewicz in Lisbon.", PiiType.PERSON))
                .contains("Okonkwo", "Zbigniew Brzęczyszczykiewicz");
        assertThat(found("We flew from Paris to Madrid on Monday.", PiiType.PERSON)).isEmpty();
        assertThat(found("Please ask Jan van der Berg about it.", PiiType.PERSON)).containsExactly("Jan van der Berg");
    }
}
