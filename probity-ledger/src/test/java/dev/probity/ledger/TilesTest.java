package dev.probity.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TilesTest {
    /** The eight RFC 6962 test leaves (transparency-dev/merkle). */
    static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

    @Test
    void indexesAreWrittenInGroupsOfThree() {
        assertThat(Tiles.index(0)).isEqualTo("000");
        assertThat(Tiles.index(5)).isEqualTo("005");
        assertThat(Tiles.index(999)).isEqualTo("999");
        assertThat(Tiles.index(1000)).isEqualTo("x001/000");
        assertThat(Tiles.index(1234067)).isEqualTo("x001/x234/067");
        assertThat(Tiles.index(1000000)).isEqualTo("x001/x000/000");
    }

    @Test
    void theEightTestLeavesMakeOnePartialTileAndBundle(@TempDir Path dir) throws Exception {
        try (Ledger l = Ledger.create(dir.resolve("log"), "example.com/ledger")) {
            for (String h : LEAVES) {
                l.append(HexFormat.of().parseHex(h));
            }
            l.checkpoint();
            Tiles.Export e = Tiles.export(l, dir.resolve("tiles"));
            assertThat(e.hashTiles()).isEqualTo(1);
            byte[] tile = Files.readAllBytes(dir.resolve("tiles/tile/0/000.p/8"));
            assertThat(tile).hasSize(256);
            for (int i = 0; i < 8; i++) {
                assertThat(java.util.Arrays.copyOfRange(tile, 32 * i, 32 * i + 32)).isEqualTo(Merkle.leafHash(HexFormat.of().parseHex(LEAVES[i])));
            }
            // the bundle as docs/notes/ledger-formats.md §5 gives it
            assertThat(HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("tiles/tile/entries/000.p/8"))))
                    .isEqualTo("0000" + "000100" + "000110" + "00022021" + "00023031" + "000440414243" + "00085051525354555657"
                            + "0010606162636465666768696a6b6c6d6e6f");
            assertThat(Files.readString(dir.resolve("tiles/checkpoint"))).startsWith("example.com/ledger\n8\n");
            assertThatThrownBy(() -> Tiles.export(l, dir.resolve("tiles"))).hasMessageContaining("not empty");
            assertThatThrownBy(() -> Tiles.export(l, dir.resolve("log/t"))).hasMessageContaining("inside the log's folder");
        }
    }

    @Test
    void seventyThousandEntriesMakeTheSpecsTiles(@TempDir Path dir) throws Exception {
        try (Ledger l = Ledger.create(dir.resolve("log"), "example.com/big")) {
            List<CompletableFuture<Long>> pending = new ArrayList<>();
            for (int i = 0; i < 70000; i++) {
                pending.add(l.appendAsync(("entry " + i).getBytes()));
            }
            pending.forEach(CompletableFuture::join);
            l.appendAsync(new byte[70000]).join(); // an entry too large for a bundle
            l.checkpoint();
            Tiles.Export e = Tiles.export(l, dir.resolve("t"));
            Path t = dir.resolve("t/tile");
            // 70,001 entries: 273 full level-0 tiles and a partial of 113; one full level-1 tile and a partial of 17; level 2 a partial of 1
            try (Stream<Path> s = Files.list(t.resolve("0"))) {
                assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(273);
            }
            assertThat(t.resolve("0/272")).exists();
            assertThat(t.resolve("0/273.p/113")).exists();
            assertThat(t.resolve("1/000")).hasSize(8192);
            assertThat(t.resolve("1/001.p/17")).hasSize(17 * 32);
            assertThat(t.resolve("2/000.p/1")).hasSize(32);
            assertThat(e.hashTiles()).isEqualTo(274 + 2 + 1);
            // level 1 holds roots of 256 leaves, level 2 the root of 65,536: the log's own roots of those sizes
            assertThat(java.util.Arrays.copyOfRange(Files.readAllBytes(t.resolve("1/000")), 0, 32)).isEqualTo(l.root(256));
            assertThat(Files.readAllBytes(t.resolve("2/000.p/1"))).isEqualTo(l.root(65536));
            assertThat(e.bundlesLeftOut()).containsExactly("tile/entries/273.p/113");
            assertThat(t.resolve("entries/272")).exists();
        }
    }
}
