package dev.probity.privacy.pii.corpus;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.probity.privacy.pii.Checksums;
import dev.probity.privacy.pii.PiiType;
import net.datafaker.Faker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A labelled corpus of synthetic sentences with personal data of every {@link PiiType} and decoys that only look like
 * it (a card number failing Luhn, an IBAN failing mod 97, SSN 000-…, a version number after "version", an order number
 * shaped like a phone number), with every entity's span recorded — the method of presidio-research's data generator
 * (templates filled with Faker values), written for Probity.
 *
 * <p>Two splits with disjoint sentence templates: {@link Split#TRAIN} (what the name tagger is trained on) and
 * {@link Split#HELD_OUT} (what quality is measured on). The held-out split also draws names from locales the
 * training split never sees (Dutch, Portuguese, Swedish, Polish, Danish), so a name tagger that only memorized the
 * training names fails there. Deterministic: the same seed gives the same corpus.
 *
 * <p>A synthetic corpus flatters every recognizer: its sentences are cleaner and more regular than real text.
 */
public final class PiiCorpus {
    public enum Split { TRAIN, HELD_OUT }

    /** An entity in a document: type and [start, end) in Java string offsets. */
    public record Span(PiiType type, int start, int end) {
    }

    /** One generated text and its entities. */
    public record Doc(String text, List<Span> spans) {
    }

    static final List<Locale> TRAIN_LOCALES = List.of(Locale.US, Locale.UK, Locale.GERMANY, Locale.FRANCE,
            Locale.forLanguageTag("es-ES"), Locale.ITALY, Locale.forLanguageTag("en-IN"), Locale.forLanguageTag("en-AU"));
    static final List<Locale> HELD_OUT_LOCALES = List.of(Locale.US, Locale.UK, Locale.GERMANY, Locale.FRANCE,
            Locale.forLanguageTag("nl-NL"), Locale.forLanguageTag("pt-BR"), Locale.forLanguageTag("sv-SE"),
            Locale.forLanguageTag("pl-PL"), Locale.forLanguageTag("da-DK"));

    private static final Pattern SLOT = Pattern.compile("\\{([A-Z0-9_]+)}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final Random rnd;
    private final List<Faker> fakers;
    private final List<String> templates;
    private final boolean train;

    private PiiCorpus(long seed, Split split) {
        this.rnd = new Random(seed);
        List<Locale> locales = split == Split.TRAIN ? TRAIN_LOCALES : HELD_OUT_LOCALES;
        this.fakers = locales.stream().map(l -> new Faker(l, new Random(rnd.nextLong()))).toList();
        this.templates = split == Split.TRAIN ? Templates.TRAIN : Templates.HELD_OUT;
        this.train = split == Split.TRAIN;
    }

    /** Cities: different ones in the two splits, so the held-out split tests cities the tagger never saw. */
    private static final String[] TRAIN_CITIES = {"Paris", "Berlin", "Madrid", "Chicago", "Boston", "Denver", "Lyon", "Milan",
        "Austin", "Toronto", "Sydney", "Dublin", "Vienna", "Prague", "Oslo", "Helsinki", "Seattle", "Phoenix", "Houston",
        "Manchester", "Glasgow", "Hamburg", "Munich", "Seville", "Valencia", "Naples", "Turin", "Geneva", "Zurich", "Warsaw",
        "Mumbai", "Delhi", "Melbourne", "Perth", "Montreal", "Vancouver", "Atlanta", "Miami", "Dallas", "Portland"};
    private static final String[] HELD_OUT_CITIES = {"London", "Leeds", "Rome", "Lisbon", "Porto", "Amsterdam", "Utrecht",
        "Stockholm", "Copenhagen", "Krakow", "Budapest", "Athens", "Brussels", "Antwerp", "Marseille", "Bordeaux", "Cologne",
        "Frankfurt", "Barcelona", "Bilbao", "Florence", "Venice", "Edinburgh", "Cardiff", "Boise", "Tucson", "Orlando"};
    private static final String[] STARTERS = {"Hello", "Hi", "Please", "Thanks", "Dear", "Note", "Update", "Sorry", "Yesterday",
        "Today", "Tomorrow", "Our", "My", "Your", "The", "This", "Customer", "Agent", "Order", "Profile", "Subject", "Summary",
        "Regards", "Unfortunately", "Meeting", "Ticket", "Reminder", "Attached", "Urgent", "Welcome", "Congratulations",
        "Status", "Result", "Request", "Issue", "Payment", "Delivery", "Account", "Message", "Report"};

    /** {@code n} documents of one split, each a sentence or two from one template. */
    public static List<Doc> generate(long seed, Split split, int n) {
        PiiCorpus c = new PiiCorpus(seed, split);
        List<Doc> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            docs.add(c.fill(c.templates.get(i % c.templates.size())));
        }
        return docs;
    }

    /** The cities of the training split (the name tagger's place lexicon includes them). */
    public static List<String> trainCities() {
        return List.of(TRAIN_CITIES);
    }

    /** The templates of a split (for tests that check the splits are disjoint). */
    public static List<String> templates(Split split) {
        return split == Split.TRAIN ? Templates.TRAIN : Templates.HELD_OUT;
    }

    private Doc fill(String template) {
        StringBuilder b = new StringBuilder();
        List<Span> spans = new ArrayList<>();
        Matcher m = SLOT.matcher(template);
        int last = 0;
        Faker f = fakers.get(rnd.nextInt(fakers.size()));
        while (m.find()) {
            b.append(template, last, m.start());
            String slot = m.group(1);
            int s = b.length();
            String value = value(slot, f);
            b.append(value);
            PiiType t = typeOf(slot);
            if (t != null) {
                int lead = slot.equals("TITLED") ? value.indexOf(' ') + 1 : 0;
                spans.add(new Span(t, s + lead, b.length()));
            }
            last = m.end();
        }
        b.append(template.substring(last));
        return new Doc(b.toString(), List.copyOf(spans));
    }

    /** The type a slot is labelled with; null for decoys and filler. */
    static PiiType typeOf(String slot) {
        return switch (slot) {
            case "PERSON", "FIRST", "TITLED" -> PiiType.PERSON;
            case "EMAIL" -> PiiType.EMAIL;
            case "PHONE", "PHONE_INTL" -> PiiType.PHONE;
            case "CARD" -> PiiType.CREDIT_CARD;
            case "IBAN" -> PiiType.IBAN;
            case "SSN" -> PiiType.US_SSN;
            case "IPV4", "IPV6" -> PiiType.IP_ADDRESS;
            case "URL" -> PiiType.URL;
            case "DATE" -> PiiType.DATE;
            case "DOB" -> PiiType.DATE_OF_BIRTH;
            case "PASSPORT" -> PiiType.PASSPORT;
            case "NINO", "DNI", "AADHAAR" -> PiiType.NATIONAL_ID;
            case "ADDRESS", "ADDRESS_DE" -> PiiType.STREET_ADDRESS;
            default -> null;
        };
    }

    private String value(String slot, Faker f) {
        return switch (slot) {
            case "PERSON" -> clean(f.name().firstName()) + " " + clean(f.name().lastName());
            case "FIRST" -> clean(f.name().firstName());
            case "TITLED" -> pick("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.") + " " + clean(f.name().lastName());
            case "EMAIL" -> email(f);
            case "PHONE" -> phone(false);
            case "PHONE_INTL" -> phone(true);
            case "CARD" -> card(true);
            case "IBAN" -> iban(true);
            case "SSN" -> ssn(true);
            case "IPV4" -> (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
            case "IPV6" -> ipv6();
            case "URL" -> url(f);
            case "DATE", "DOB" -> date();
            case "PASSPORT" -> rnd.nextBoolean() ? (char) ('A' + rnd.nextInt(26)) + digits(8) : (1 + rnd.nextInt(9)) + digits(8);
            case "NINO" -> nino();
            case "DNI" -> dni();
            case "AADHAAR" -> aadhaar();
            case "ADDRESS" -> address(f);
            case "ADDRESS_DE" -> clean(f.name().lastName()) + pick("straße", "str.", "weg", "gasse") + " " + (1 + rnd.nextInt(150))
                    + (rnd.nextBoolean() ? ", " + (10000 + rnd.nextInt(89999)) + " " + pick("Berlin", "Hamburg", "Köln", "Leipzig", "Bonn") : "");
            // decoys: text that looks like personal data and is not
            case "BAD_CARD" -> card(false);
            case "BAD_IBAN" -> iban(false);
            case "BAD_SSN" -> ssn(false);
            case "VERSION" -> (1 + rnd.nextInt(9)) + "." + rnd.nextInt(20) + "." + rnd.nextInt(20) + "." + rnd.nextInt(300);
            case "ORDER" -> "#" + nationalDigits();
            case "NUMBER" -> String.valueOf(rnd.nextInt(5000));
            case "AMOUNT" -> String.format(Locale.ROOT, "%d.%02d", rnd.nextInt(5000), rnd.nextInt(100));
            case "CITY" -> pick(train ? TRAIN_CITIES : HELD_OUT_CITIES);
            case "STARTER" -> pick(STARTERS);
            case "ORG" -> pick("Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Northwind Traders", "Contoso", "Fabrikam");
            case "WEEKDAY" -> pick("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
            case "PRODUCT" -> pick("Excel", "Windows", "Kubernetes", "Postgres", "Jira", "Slack", "Android", "Linux");
            default -> throw new IllegalArgumentException("unknown slot " + slot);
        };
    }

    /** Faker names can carry a suffix or apostrophe forms; keep letters, hyphens and apostrophes. */
    private static String clean(String name) {
        return name.replaceAll("[^\\p{L}'\\- ]", "").trim();
    }

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + rnd.nextInt(10)));
        }
        return b.toString();
    }

    private String email(Faker f) {
        String user = java.text.Normalizer.normalize(clean(f.name().firstName()) + "." + clean(f.name().lastName()), java.text.Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z.\\-]", "").toLowerCase(Locale.ROOT);
        if (user.isEmpty() || user.startsWith(".")) {
            user = "user" + rnd.nextInt(1000);
        }
        return user + (rnd.nextBoolean() ? rnd.nextInt(100) : "") + "@" + pick("example.com", "mail.example.org", "corp.example.net", "uni-example.de", "example.co.uk");
    }

    private static final String[] PHONE_REGIONS = {"US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "BR"};

    /** A number libphonenumber calls valid, made by changing the trailing digits of the region's example number. */
    private String phone(boolean international) {
        String region = international ? PHONE_REGIONS[rnd.nextInt(PHONE_REGIONS.length)] : "US";
        for (int attempt = 0; ; attempt++) {
            Phonenumber.PhoneNumber ex = PHONES.getExampleNumberForType(region,
                    rnd.nextBoolean() ? PhoneNumberUtil.PhoneNumberType.MOBILE : PhoneNumberUtil.PhoneNumberType.FIXED_LINE);
            String nsn = String.valueOf(ex.getNationalNumber());
            String changed = nsn.substring(0, nsn.length() - 4) + digits(4);
            Phonenumber.PhoneNumber p = new Phonenumber.PhoneNumber().setCountryCode(ex.getCountryCode()).setNationalNumber(Long.parseLong(changed));
            if (attempt > 10_000) {
                throw new IllegalStateException("no valid number found for " + region);
            }
            if (PHONES.isValidNumber(p)) {
                if (international) {
                    return PHONES.format(p, rnd.nextBoolean() ? PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL : PhoneNumberUtil.PhoneNumberFormat.E164);
                }
                return rnd.nextBoolean() ? PHONES.format(p, PhoneNumberUtil.PhoneNumberFormat.NATIONAL)
                        : changed.substring(0, 3) + "-" + changed.substring(3, 6) + "-" + changed.substring(6);
            }
        }
    }

    /** Ten digits of a valid US number, for "order #…" decoys. */
    private String nationalDigits() {
        String p = phone(false);
        return p.replaceAll("[^0-9]", "");
    }

    private String card(boolean valid) {
        String prefix = pick("4", "51", "55", "2221", "34", "37", "6011", "65", "3530", "36");
        int len = prefix.equals("34") || prefix.equals("37") ? 15 : prefix.equals("36") ? 14 : 16;
        String body = prefix + digits(len - prefix.length() - 1);
        int check = 0;
        for (int d = 0; d < 10; d++) {
            if (Checksums.luhn(body + d)) {
                check = d;
            }
        }
        if (!valid) {
            check = (check + 1 + rnd.nextInt(9)) % 10;
        }
        String n = body + check;
        String sep = pick(" ", "-", "");
        if (sep.isEmpty() || len != 16) {
            return n;
        }
        return n.substring(0, 4) + sep + n.substring(4, 8) + sep + n.substring(8, 12) + sep + n.substring(12);
    }

    private String iban(boolean valid) {
        String[][] formats = {{"DE", "n18"}, {"GB", "a4n14"}, {"FR", "n23"}, {"NL", "a4n10"}, {"ES", "n20"},
            {"IT", "a1n22"}, {"BE", "n12"}, {"CH", "n17"}, {"AT", "n16"}, {"PL", "n24"}};
        String[] cf = formats[rnd.nextInt(formats.length)];
        StringBuilder bban = new StringBuilder();
        Matcher m = Pattern.compile("([an])(\\d+)").matcher(cf[1]);
        while (m.find()) {
            int k = Integer.parseInt(m.group(2));
            for (int i = 0; i < k; i++) {
                bban.append(m.group(1).equals("a") ? (char) ('A' + rnd.nextInt(26)) : (char) ('0' + rnd.nextInt(10)));
            }
        }
        int check = 98 - mod97(bban + cf[0] + "00");
        if (!valid) {
            check = check == 97 ? 2 : check + 1;
        }
        String iban = cf[0] + String.format(Locale.ROOT, "%02d", check) + bban;
        if (rnd.nextBoolean()) {
            return iban;
        }
        StringBuilder spaced = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            if (i > 0) {
                spaced.append(' ');
            }
            spaced.append(iban, i, Math.min(iban.length(), i + 4));
        }
        return spaced.toString();
    }

    /** The remainder modulo 97 of a string of digits and letters (A = 10, …, Z = 35), written here independently of Checksums. */
    static int mod97(String s) {
        java.math.BigInteger n = new java.math.BigInteger(s.chars().mapToObj(c -> Character.isDigit(c) ? String.valueOf((char) c)
                : String.valueOf(c - 'A' + 10)).reduce("", String::concat));
        return n.mod(java.math.BigInteger.valueOf(97)).intValue();
    }

    private String ssn(boolean valid) {
        int area;
        do {
            area = 1 + rnd.nextInt(899);
        } while (area == 666);
        int group = 1 + rnd.nextInt(99);
        int serial = 1 + rnd.nextInt(9999);
        if (!valid) {
            switch (rnd.nextInt(4)) {
                case 0 -> area = 0;
                case 1 -> area = 666;
                case 2 -> area = 900 + rnd.nextInt(100);
                default -> group = 0;
            }
        }
        return String.format(Locale.ROOT, "%03d-%02d-%04d", area, group, serial);
    }

    private String ipv6() {
        StringBuilder b = new StringBuilder("2001:db8");
        if (rnd.nextBoolean()) {
            for (int i = 0; i < 6; i++) {
                b.append(':').append(Integer.toHexString(rnd.nextInt(65536)));
            }
        } else {
            b.append("::").append(Integer.toHexString(1 + rnd.nextInt(65535)));
        }
        return b.toString();
    }

    private String url(Faker f) {
        String host = pick("www.example.com", "example.org", "shop.example.net", "portal.example.io", "www.example.co.uk");
        String path = rnd.nextBoolean() ? "/users/" + rnd.nextInt(100000) : "/profile?id=" + rnd.nextInt(100000);
        return pick("https://", "http://", "https://", "") + (host.startsWith("www.") ? host : "www." + host) + path;
    }

    private String date() {
        int y = 1930 + rnd.nextInt(90);
        int mo = 1 + rnd.nextInt(12);
        int d = 1 + rnd.nextInt(java.time.YearMonth.of(y, mo).lengthOfMonth());
        String[] names = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};
        return switch (rnd.nextInt(6)) {
            case 0 -> String.format(Locale.ROOT, "%04d-%02d-%02d", y, mo, d);
            case 1 -> String.format(Locale.ROOT, "%02d/%02d/%04d", d, mo, y);
            case 2 -> String.format(Locale.ROOT, "%d.%d.%04d", d, mo, y);
            case 3 -> d + " " + names[mo - 1] + " " + y;
            case 4 -> names[mo - 1] + " " + d + ", " + y;
            default -> names[mo - 1].substring(0, 3) + " " + d + " " + y;
        };
    }

    private String nino() {
        String first = "ABCEGHJKLMNOPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ";
        String p;
        do {
            p = "" + first.charAt(rnd.nextInt(first.length())) + second.charAt(rnd.nextInt(second.length()));
        } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(p));
        String d = digits(6);
        char s = "ABCD".charAt(rnd.nextInt(4));
        return rnd.nextBoolean() ? p + d + s : p + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + s;
    }

    private String dni() {
        int n = rnd.nextInt(100_000_000);
        return String.format(Locale.ROOT, "%08d", n) + "TRWAGMYFPDXBNJZSQVHLCKE".charAt(n % 23);
    }

    private String aadhaar() {
        String body = (2 + rnd.nextInt(8)) + digits(10);
        String full = null;
        for (int d = 0; d < 10; d++) {
            if (Checksums.verhoeff(body + d)) {
                full = body + d;
            }
        }
        return rnd.nextBoolean() ? full : full.substring(0, 4) + " " + full.substring(4, 8) + " " + full.substring(8);
    }

    private String address(Faker f) {
        String street = clean(f.name().lastName()) + " " + pick("Street", "Avenue", "Road", "Lane", "Drive", "Court", "Place",
                "Boulevard", "Way", "Terrace", "St.", "Ave", "Rd", "Parkway", "Circle", "Trail");
        String s = (1 + rnd.nextInt(9899)) + " " + street;
        return switch (rnd.nextInt(3)) {
            case 0 -> s;
            case 1 -> s + ", " + pick("Springfield", "Portland", "Madison", "Georgetown", "Salem", "Fairview") + ", "
                    + pick("IL", "OR", "WI", "TX", "MA", "CA") + " " + (10000 + rnd.nextInt(89999));
            default -> s + ", Apt " + (1 + rnd.nextInt(40)) + pick("", "A", "B");
        };
    }
}
