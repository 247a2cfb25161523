package dev.probity.ledger.comply;

import java.util.List;

/** What one check found: a verdict, in words, and the entries it rests on. */
record Found(Verdict verdict, String detail, List<Long> entries) {
    static Found pass(String detail, List<Long> e) {
        return new Found(Verdict.PASS, detail, e);
    }

    static Found fail(String detail, List<Long> e) {
        return new Found(Verdict.FAIL, detail, e);
    }

    static Found none(String detail) {
        return new Found(Verdict.NO_EVIDENCE, detail, List.of());
    }
}
