package dev.probity.ledger;

import dev.probity.core.InputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8785 against its own examples, cyberphone/json-canonicalization's test data and Appendix B's number table. */
class JcsTest {
    @Test
    void theRfcExample() {
        String in = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
                + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}";
        byte[] out = Jcs.canonicalize(in.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(("7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a"
                + "5b3333333333333333332e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282ac245c7530303066"
                + "5c6e4127425c225c5c5c5c5c222f227d"));
    }

    @Test
    void membersSortByUtf16CodeUnits() {
        String in = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
                + "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        assertThat(HexFormat.of().formatHex(Jcs.canonicalize(in.getBytes(StandardCharsets.UTF_8)))).isEqualTo(
                "7b225c72223a2243617272696167652052657475726e222c2231223a224f6e65222c22c280223a22436f6e74726f6c222c22c3b6223a224c6174696e20536d"
                + "616c6c204c6574746572204f205769746820446961657265736973222c22e282ac223a224575726f205369676e222c22f09f9880223a22456d6f6a693a20"
                + "4772696e6e696e672046616365222c22efacb3223a22486562726577204c65747465722044616c6574205769746820446167657368227d");
        assertThat(Jcs.canonicalize("{\"1\":{\"f\":{\"f\":\"hi\",\"F\":5},\"\\n\":56.0},\"10\":{},\"\":\"empty\",\"a\":{},\"111\":[{}],\"A\":{}}"))
                .isEqualTo("{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},\"111\":[{}],\"A\":{},\"a\":{}}");
        assertThat(Jcs.canonicalize("[56,{\"d\":true,\"10\":null,\"1\":[]}]")).isEqualTo("[56,{\"1\":[],\"10\":null,\"d\":true}]");
        assertThat(Jcs.canonicalize("{\"Unnormalized Unicode\":\"\\u1e0d\\u0307\"}")).isEqualTo("{\"Unnormalized Unicode\":\"\u1e0d\u0307\"}");
        assertThat(Jcs.canonicalize("{\"s\":\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\\u007f\\u2028/\"}"))
                .isEqualTo("{\"s\":\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\u007f\u2028/\"}");
    }

    @Test
    void numbersAsEcmascriptPrintsThem() {
        String[][] table = {
            {"0000000000000000", "0"}, {"8000000000000000", "0"}, {"0000000000000001", "5e-324"}, {"8000000000000001", "-5e-324"},
            {"7fefffffffffffff", "1.7976931348623157e+308"}, {"ffefffffffffffff", "-1.7976931348623157e+308"},
            {"4340000000000000", "9007199254740992"}, {"c340000000000000", "-9007199254740992"}, {"4430000000000000", "295147905179352830000"},
            {"44b52d02c7e14af5", "9.999999999999997e+22"}, {"44b52d02c7e14af6", "1e+23"}, {"44b52d02c7e14af7", "1.0000000000000001e+23"},
            {"444b1ae4d6e2ef4e", "999999999999999700000"}, {"444b1ae4d6e2ef4f", "999999999999999900000"}, {"444b1ae4d6e2ef50", "1e+21"},
            {"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"}, {"3eb0c6f7a0b5ed8d", "0.000001"}, {"41b3de4355555553", "333333333.3333332"},
            {"41b3de4355555554", "333333333.33333325"}, {"41b3de4355555555", "333333333.3333333"}, {"41b3de4355555556", "333333333.3333334"},
            {"41b3de4355555557", "333333333.33333343"}, {"becbf647612f3696", "-0.0000033333333333333333"}, {"43143ff3c1cb0959", "1424953923781206.2"}};
        for (String[] row : table) {
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(row[0], 16));
            assertThat(Jcs.number(d)).as(row[0]).isEqualTo(row[1]);
        }
        assertThat(Jcs.canonicalize("[1E30,4.50,2e-3,-0,1e21,1e20,0.0000001,-1.5e-7,1.0,9007199254740993]"))
                .isEqualTo("[1e+30,4.5,0.002,0,1e+21,100000000000000000000,1e-7,-1.5e-7,1,9007199254740992]");
    }

    @Test
    void notIJsonIsRefused() {
        assertThatThrownBy(() -> Jcs.canonicalize("{\"a\":1,\"a\":2}")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> Jcs.canonicalize("[1e400]")).hasMessageContaining("binary64");
        assertThatThrownBy(() -> Jcs.canonicalize("[\"\\ud800\"]")).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> Jcs.canonicalize("[1] [2]")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> Jcs.canonicalize("")).isInstanceOf(InputException.class);
    }

    @Test
    void everyNumberReadsBackToItself() {
        java.util.Random r = new java.util.Random(8);
        for (int i = 0; i < 200_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            if (!Double.isFinite(d)) {
                continue;
            }
            String s = Jcs.number(d);
            assertThat(Double.parseDouble(s)).as(s).isEqualTo(d == 0 ? 0.0 : d);
            assertThat(s).doesNotContain("E").doesNotStartWith("+");
        }
    }
}
