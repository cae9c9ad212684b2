package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Thinning a series for a chart inside PostgreSQL: hand-computed slices, and the bound on any length. */
@QuarkusTest
class SeriesThinnerTest {

    @Inject
    AgroalDataSource dataSource;

    /** A kept point: its position in the series and its value. */
    private record Kept(long i, double v) {
    }

    private List<Kept> thin(int maxPoints, double... values) throws Exception {
        String series = "select (u.o - 1) as i, u.v, count(*) over () as n from unnest(?::float8[]) with ordinality"
                + " as u(v, o)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select r.i, r.v from ("
                        + SeriesThinner.keptRows(series, maxPoints) + ") r order by r.i")) {
            ps.setArray(1, c.createArrayOf("float8", Arrays.stream(values).boxed().toArray()));
            List<Kept> kept = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.add(new Kept(rs.getLong(1), rs.getDouble(2)));
                }
            }
            return kept;
        }
    }

    @Test
    void aShortSeriesIsKeptWhole() throws Exception {
        assertEquals(List.of(new Kept(0, 4000), new Kept(1, 4001), new Kept(2, 3999)), thin(4, 4000, 4001, 3999));
    }

    @Test
    void eachSliceKeepsItsLowestAndHighestValueInTimeOrder() throws Exception {
        // 10 points, 4 kept at most → 2 slices of positions 0..4 and 5..9
        // slice 0: lowest 1 at 1, highest 7 at 2; slice 1: highest 9 at 7 comes before lowest 0 at 8
        assertEquals(List.of(new Kept(1, 1), new Kept(2, 7), new Kept(7, 9), new Kept(8, 0)),
                thin(4, 5, 1, 7, 3, 4, 2, 2, 9, 0, 6));
    }

    @Test
    void unevenSlicesFollowTheFloorRule() throws Exception {
        // 10 points, 6 kept at most → 3 slices: ⌊s × 10 / 3⌋ = 0, 3, 6 → positions 0..2, 3..5, 6..9
        assertEquals(List.of(new Kept(0, 1), new Kept(2, 3), new Kept(3, 9), new Kept(5, 4), new Kept(6, 5),
                new Kept(9, 8)), thin(6, 1, 2, 3, 9, 6, 4, 5, 6, 7, 8));
    }

    @Test
    void aFlatSliceKeepsOnePointAndTiesKeepTheFirst() throws Exception {
        // 5 points, 4 kept at most → slices of positions 0..1 and 2..4; slice 0 is flat: its first point is both
        // lowest and highest; in slice 1 the lowest 1 appears twice and the first (position 2) is kept
        assertEquals(List.of(new Kept(0, 3), new Kept(2, 1), new Kept(4, 5)), thin(4, 3, 3, 1, 1, 5));
    }

    @Test
    void anyLengthIsBoundedAndKeepsTheExtremes() throws Exception {
        int n = 100_003;
        double[] values = new double[n];
        SplittableRandom rnd = new SplittableRandom(3);
        double c = 4000;
        for (int i = 0; i < n; i++) {
            c *= Math.exp(rnd.nextGaussian() * 0.001);
            values[i] = c;
        }
        List<Kept> kept = thin(2000, values);
        assertTrue(kept.size() <= 2000 && kept.size() >= 1000, "points: " + kept.size());
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(kept.get(i).i() > kept.get(i - 1).i(), "time order");
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        assertTrue(kept.stream().anyMatch(p -> p.v() == min));
        assertTrue(kept.stream().anyMatch(p -> p.v() == max));
        kept.forEach(p -> assertEquals(values[(int) p.i()], p.v(), "a kept point is the series' own point"));
    }

    @Test
    void noPointsNoneKeptAndMisuseIsRefused() throws Exception {
        assertEquals(List.of(), thin(10));
        assertThrows(IllegalArgumentException.class, () -> SeriesThinner.keptRows("select 1", 1));
    }
}
