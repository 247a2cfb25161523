package dev.probity.privacy.pii;

import java.util.List;
import java.util.Set;

/**
 * Street addresses in three common shapes:
 * <ul>
 * <li>US and UK: a house number (up to five digits, optionally a letter: {@code 221B}), one to four capitalized words
 * ending in a street suffix of USPS Publication 28's list or its usual abbreviation ({@code 1600 Pennsylvania Avenue},
 * {@code 12 Oak St.}), an optional unit ({@code Apt 4B}, {@code Suite 200}), and — only when a postal code follows — the
 * town, state and code ({@code , Springfield, IL 62704});</li>
 * <li>German: a street name ending in -straße, -strasse, -str., -gasse, -weg, -platz or -allee and a house number, optionally
 * followed by a five-digit postcode and town ({@code Hauptstraße 5, 10115 Berlin});</li>
 * <li>French: a house number, rue, avenue, boulevard, place, chemin, allée, impasse or quai and the street's name up to
 * the next comma or full stop, optionally followed by a postcode and town.</li>
 * </ul>
 * Score 0.7; "address", "live", "lives", "located", "ship" and the like nearby, 0.9. Addresses without a house number
 * ("the corner of Main Street"), PO boxes and most other countries' formats are not recognized.
 */
public final class AddressRecognizer implements TextIndex.Indexed {
    static final Context.Words CONTEXT = Context.words("address", "addresses", "live", "lives", "lived", "living", "located",
            "ship", "shipping", "deliver", "delivery", "mail", "resides", "reside", "residence", "home", "moved", "visit",
            "adresse", "wohnt", "wohnhaft", "domicile", "habite", "at");
    static final Set<String> SUFFIXES = Set.of("Alley", "Annex", "Arcade", "Avenue", "Bayou", "Beach", "Bend", "Bluff",
            "Bluffs", "Bottom", "Boulevard", "Branch", "Bridge", "Brook", "Brooks", "Burg", "Burgs", "Bypass", "Camp",
            "Canyon", "Cape", "Causeway", "Center", "Centers", "Circle", "Circles", "Cliff", "Cliffs", "Close", "Club",
            "Common", "Commons", "Corner", "Corners", "Course", "Court", "Courts", "Cove", "Coves", "Creek", "Crescent",
            "Crest", "Crossing", "Crossroad", "Crossroads", "Curve", "Dale", "Dam", "Divide", "Drive", "Drives", "Estate",
            "Estates", "Expressway", "Extension", "Extensions", "Fall", "Falls", "Ferry", "Field", "Fields", "Flat",
            "Flats", "Ford", "Fords", "Forest", "Forge", "Forges", "Fork", "Forks", "Fort", "Freeway", "Garden",
            "Gardens", "Gateway", "Glen", "Glens", "Green", "Greens", "Grove", "Groves", "Harbor", "Harbors", "Haven",
            "Heights", "Highway", "Hill", "Hills", "Hollow", "Inlet", "Island", "Islands", "Isle", "Junction",
            "Junctions", "Key", "Keys", "Knoll", "Knolls", "Lake", "Lakes", "Land", "Landing", "Lane", "Light",
            "Lights", "Loaf", "Lock", "Locks", "Lodge", "Loop", "Mall", "Manor", "Manors", "Meadow", "Meadows", "Mews",
            "Mill", "Mills", "Mission", "Motorway", "Mount", "Mountain", "Mountains", "Neck", "Orchard", "Oval",
            "Overpass", "Park", "Parks", "Parkway", "Parkways", "Pass", "Passage", "Path", "Pike", "Pine", "Pines",
            "Place", "Plain", "Plains", "Plaza", "Point", "Points", "Port", "Ports", "Prairie", "Radial", "Ramp", "Ranch",
            "Rapid", "Rapids", "Rest", "Ridge", "Ridges", "River", "Road", "Roads", "Route", "Row", "Run", "Shoal",
            "Shoals", "Shore", "Shores", "Skyway", "Spring", "Springs", "Spur", "Spurs", "Square", "Squares", "Station",
            "Stravenue", "Stream", "Street", "Streets", "Summit", "Terrace", "Throughway", "Trace", "Track",
            "Trafficway", "Trail", "Trailer", "Tunnel", "Turnpike", "Underpass", "Union", "Unions", "Valley", "Valleys",
            "Via", "Viaduct", "View", "Views", "Village", "Villages", "Ville", "Vista", "Walk", "Walks", "Wall", "Way",
            "Ways", "Well", "Wells",
            "St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Pl", "Sq", "Ter", "Pkwy", "Hwy", "Cir", "Trl", "Cres", "Gdns");
    private static final Set<String> UNITS = Set.of("Apt", "Apartment", "Suite", "Ste", "Unit", "Flat", "Floor", "Fl", "Room", "#");
    private static final Set<String> FRENCH = Set.of("rue", "avenue", "boulevard", "place", "chemin", "allée", "impasse", "quai", "route");
    private static final String[] GERMAN = {"straße", "strasse", "str.", "gasse", "weg", "platz", "allee"};

    @Override
    public String name() {
        return "street-address";
    }

    @Override
    public void find(String text, List<Entity> out) {
        find(TextIndex.of(text), out);
    }

    @Override
    public void find(TextIndex index, List<Entity> out) {
        String text = index.text;
        TextIndex.Starts starts = index.starts();
        int i = starts.next(0);
        while (i >= 0) {
            int e = i;
            while (e < text.length() && Checksums.isDigit(text.charAt(e))) {
                e++;
            }
            int end = -1;
            if (e - i <= 5) {
                int numEnd = e < text.length() && Character.isUpperCase(text.charAt(e)) && Context.boundaryAfter(text, e + 1) ? e + 1 : e;
                if (Context.boundaryAfter(text, numEnd)) {
                    end = english(text, numEnd);
                    if (end < 0) {
                        end = french(text, numEnd);
                    }
                }
            }
            if (end > 0) {
                add(text, i, end, out);
                e = end;
            }
            i = starts.next(Math.max(e, i + 1));
        }
        // German addresses end their street name with a suffix and a space before the house number: looked for at each
        // number after a space (one pass), not by searching the text for each suffix
        for (int d = starts.next(0); d >= 0; d = starts.next(d + 1)) {
            if (d >= 2 && text.charAt(d - 1) == ' ' && "e.gz".indexOf(text.charAt(d - 2)) >= 0) { // the suffixes' last letters
                for (String g : GERMAN) {
                    int at = d - 1 - g.length();
                    if (at >= 0 && text.startsWith(g, at)) {
                        german(text, at, g, out);
                    }
                }
            }
        }
    }

    private void add(String text, int s, int e, List<Entity> out) {
        out.add(new Entity(PiiType.STREET_ADDRESS, s, e, Context.near(text, s, e, CONTEXT, 30, 0) ? 0.9 : 0.7, name()));
    }

    /** "1600 Pennsylvania Avenue NW, Apt 4, Washington, DC 20500" after the house number ending at {@code k}. */
    private static int english(String t, int k) {
        int streetEnd = -1;
        int words = 0;
        int p = k;
        while (words < 5) {
            if (p >= t.length() || t.charAt(p) != ' ') {
                break;
            }
            int ws = p + 1;
            int we = capitalizedWordEnd(t, ws);
            if (we < 0) {
                int pe = ws;
                while (pe < t.length() && Character.isLowerCase(t.charAt(pe))) {
                    pe++;
                }
                if (pe > ws && NameTagger.PARTICLES.contains(t.substring(ws, pe))) {
                    p = pe; // "7427 da Bandeira Road"
                    continue;
                }
                break;
            }
            words++;
            p = we;
            String w = words >= 2 ? t.substring(ws, we) : null;
            if (w != null && SUFFIXES.contains(w)) {
                streetEnd = we;
                if (we < t.length() && t.charAt(we) == '.' && w.length() <= 4) {
                    streetEnd = we + 1;
                    p = we + 1;
                }
            }
        }
        if (streetEnd < 0) {
            return -1;
        }
        int e = streetEnd;
        // a compass point after the suffix: "Avenue NW"
        int d = afterSpace(t, e);
        if (d > 0) {
            int de = capitalizedWordEnd(t, d);
            if (de > 0 && de - d <= 2 && t.substring(d, de).chars().allMatch(c -> "NSEW".indexOf(c) >= 0)) {
                e = de;
            }
        }
        // a unit: ", Apt 4B" or " Suite 200"
        int u = t.startsWith(", ", e) ? e + 2 : afterSpace(t, e);
        if (u > 0) {
            int ue = u;
            while (ue < t.length() && (Character.isLetter(t.charAt(ue)) || t.charAt(ue) == '#')) {
                ue++;
            }
            if (ue > u && UNITS.contains(t.substring(u, ue).replace(".", ""))) {
                int v = ue < t.length() && t.charAt(ue) == '.' ? ue + 1 : ue;
                v = v < t.length() && t.charAt(v) == ' ' ? v + 1 : v;
                int ve = v;
                while (ve < t.length() && Character.isLetterOrDigit(t.charAt(ve))) {
                    ve++;
                }
                if (ve > v && containsDigit(t, v, ve)) {
                    e = ve;
                }
            }
        }
        // the town and a postal code, only when the code is there: ", Springfield, IL 62704" or ", Springfield 62704"
        if (t.startsWith(", ", e)) {
            int c = e + 2;
            int ce = -1;
            int cw = c;
            for (int n = 0; n < 3; n++) {
                int we = capitalizedWordEnd(t, cw);
                if (we < 0) {
                    break;
                }
                ce = we;
                if (we < t.length() && t.charAt(we) == ' ' && we + 1 < t.length() && Character.isUpperCase(t.charAt(we + 1))
                        && !(we + 3 <= t.length() && Character.isUpperCase(t.charAt(we + 2)))) {
                    cw = we + 1;
                } else {
                    break;
                }
            }
            if (ce > 0) {
                int z = ce;
                if (t.startsWith(", ", z) || z < t.length() && t.charAt(z) == ' ') {
                    z += t.charAt(z) == ',' ? 2 : 1;
                    if (z + 2 <= t.length() && Character.isUpperCase(t.charAt(z)) && Character.isUpperCase(t.charAt(z + 1))
                            && t.startsWith(" ", z + 2)) {
                        z += 3;
                    }
                    int ze = zip(t, z);
                    if (ze > 0) {
                        e = ze;
                    }
                }
            }
        }
        return e;
    }

    /** "12 rue de la Paix, 75002 Paris" after the house number ending at {@code k}. */
    private static int french(String t, int k) {
        int p = k < t.length() && t.charAt(k) == ',' ? k + 1 : k;
        if (p >= t.length() || t.charAt(p) != ' ') {
            return -1;
        }
        int ws = p + 1;
        int we = ws;
        while (we < t.length() && Character.isLetter(t.charAt(we))) {
            we++;
        }
        if (we == ws || !FRENCH.contains(t.substring(ws, we))) {
            return -1;
        }
        int e = we;
        int words = 0;
        while (words < 6 && e < t.length() && t.charAt(e) == ' ') {
            int s = e + 1;
            int x = s;
            while (x < t.length() && (Character.isLetter(t.charAt(x)) || t.charAt(x) == '\'' || t.charAt(x) == '-')) {
                x++;
            }
            if (x == s) {
                break;
            }
            e = x;
            words++;
        }
        if (words == 0) {
            return -1;
        }
        return postcodeTown(t, e);
    }

    /** The German address whose street suffix {@code suffix} stands at {@code at}, if there is one. */
    private void german(String t, int at, String suffix, List<Entity> out) {
        {
            int se = at + suffix.length();
            int s = at;
            while (s > 0 && (Character.isLetter(t.charAt(s - 1)) || t.charAt(s - 1) == '-')) {
                s--;
            }
            if (s < at && Character.isUpperCase(t.charAt(s)) && Context.boundaryAfter(t, se) && se + 1 < t.length()
                    && t.charAt(se) == ' ' && Checksums.isDigit(t.charAt(se + 1))) {
                int ne = se + 1;
                while (ne < t.length() && ne - se <= 4 && Checksums.isDigit(t.charAt(ne))) {
                    ne++;
                }
                if (ne < t.length() && Character.isLowerCase(t.charAt(ne)) && Context.boundaryAfter(t, ne + 1)) {
                    ne++; // "12a"
                }
                if (Context.boundaryAfter(t, ne)) {
                    add(t, s, postcodeTown(t, ne), out);
                }
            }
        }
    }

    /** ", 10115 Berlin" after {@code e}: the town's end, or {@code e}. */
    private static int postcodeTown(String t, int e) {
        if (!t.startsWith(", ", e)) {
            return e;
        }
        int z = zip(t, e + 2);
        if (z < 0 || z >= t.length() || t.charAt(z) != ' ') {
            return e;
        }
        int we = capitalizedWordEnd(t, z + 1);
        return we > 0 ? we : e;
    }

    /** Five digits (and "-1234") at {@code z}, ending at a boundary: the end, or -1. */
    private static int zip(String t, int z) {
        if (z + 5 > t.length()) {
            return -1;
        }
        for (int k = z; k < z + 5; k++) {
            if (!Checksums.isDigit(t.charAt(k))) {
                return -1;
            }
        }
        int e = z + 5;
        if (e + 5 <= t.length() && t.charAt(e) == '-' && DigitRuns.digits(t, e + 1, e + 5).length() == 4) {
            e += 5;
        }
        return Context.boundaryAfter(t, e) ? e : -1;
    }

    private static int afterSpace(String t, int e) {
        return e + 1 < t.length() && t.charAt(e) == ' ' ? e + 1 : -1;
    }

    /** The end of a word starting with an upper-case letter (letters, apostrophes, hyphens), or of an ordinal "5th"; -1 otherwise. */
    private static int capitalizedWordEnd(String t, int s) {
        if (s >= t.length()) {
            return -1;
        }
        char c = t.charAt(s);
        int e = s + 1;
        if (Character.isUpperCase(c)) {
            while (e < t.length() && (Character.isLetter(t.charAt(e)) || t.charAt(e) == '\'' || t.charAt(e) == '-')) {
                e++;
            }
            return e;
        }
        if (Checksums.isDigit(c)) {
            while (e < t.length() && Checksums.isDigit(t.charAt(e))) {
                e++;
            }
            if (e + 2 <= t.length() && Set.of("st", "nd", "rd", "th").contains(t.substring(e, e + 2)) && Context.boundaryAfter(t, e + 2)) {
                return e + 2;
            }
        }
        return -1;
    }

    private static boolean containsDigit(String t, int s, int e) {
        for (int k = s; k < e; k++) {
            if (Checksums.isDigit(t.charAt(k))) {
                return true;
            }
        }
        return false;
    }
}
