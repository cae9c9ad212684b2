package co.usdcop.gate.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PSI and KS against values worked out by hand. */
class DriftStatisticsTest {

    static final double[] ONE_TO_TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void edgesAreTheReferenceQuantilesAndEqualEdgesCollapse() {
        // n = 10, k = 2: e1 = ref[ceil(5) - 1] = ref[4] = 5
        assertArrayEquals(new double[] {5}, DriftStatistics.binEdges(ONE_TO_TEN, 2));
        // k = 10: e_j = ref[j - 1] = j, j = 1..9
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, DriftStatistics.binEdges(ONE_TO_TEN, 10));
        // a feature that is mostly 0: deciles 0,0,...,0,1 collapse to {0, 1}
        double[] mostlyZero = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2};
        assertArrayEquals(new double[] {0, 1}, DriftStatistics.binEdges(mostlyZero, 10));
        assertArrayEquals(new double[] {0.8, 0.1, 0.1}, DriftStatistics.binShares(mostlyZero, new double[] {0, 1}));
    }

    @Test
    void psiByHand() {
        // bins (-inf, 5], (5, inf): reference 0.5 / 0.5, window {1, 2, 3, 9}: 0.75 / 0.25
        // PSI = (0.75 - 0.5) ln(0.75 / 0.5) + (0.25 - 0.5) ln(0.25 / 0.5) = 0.25 ln 1.5 + 0.25 ln 2
        double expected = 0.25 * Math.log(1.5) + 0.25 * Math.log(2);
        assertEquals(0.274653072, expected, 1e-9);
        assertEquals(expected, DriftStatistics.psi(ONE_TO_TEN, new double[] {1, 2, 3, 9}, 2, 1e-4), 1e-12);
        // the same distribution: 0
        assertEquals(0.0, DriftStatistics.psi(ONE_TO_TEN, ONE_TO_TEN, 10, 1e-4), 1e-15);
    }

    @Test
    void emptyBinsAreFlooredSoPsiStaysFinite() {
        // every window value in the first bin: q = (1, 0 -> 1e-4); p = (0.5, 0.5)
        double psi = DriftStatistics.psi(ONE_TO_TEN, new double[] {1, 1, 2}, 2, 1e-4);
        double expected = (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
        assertEquals(expected, psi, 1e-12);
        assertTrue(Double.isFinite(psi));
    }

    @Test
    void ksByHand() {
        // F_ref jumps by 1/4 at 1,2,3,4; F_win at 3,4,5,6. After 2: 0.5 vs 0; after 4: 1 vs 0.5 -> D = 0.5
        assertEquals(0.5, DriftStatistics.ks(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6}), 0);
        // disjoint samples: D = 1; identical samples: D = 0 (ties consumed together)
        assertEquals(1.0, DriftStatistics.ks(new double[] {1, 2}, new double[] {3, 4, 5}), 0);
        assertEquals(0.0, DriftStatistics.ks(new double[] {1, 1, 2, 3}, new double[] {1, 1, 2, 3}), 0);
        // ties across samples: ref {1,1,2}, win {1,2,2}: after 1: 2/3 vs 1/3 -> 1/3; after 2: 1 vs 1
        assertEquals(1.0 / 3, DriftStatistics.ks(new double[] {1, 1, 2}, new double[] {1, 2, 2}), 1e-15);
    }

    @Test
    void ksPValueFollowsTheKolmogorovDistribution() {
        assertEquals(1.0, DriftStatistics.ksPValue(0, 100, 100), 0);
        // large samples: lambda = (sqrt(ne) + 0.12 + 0.11/sqrt(ne)) D; Q(1.36) ~ 0.049 (the classic 5 % point)
        double ne = 1e6 * 1e6 / 2e6;
        double d = 1.36 / (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne));
        assertEquals(0.0494, DriftStatistics.ksPValue(d, 1_000_000, 1_000_000), 1e-3);
    }

    @Test
    void aShiftedSampleDriftsAndASameDistributionSampleDoesNot() {
        Random random = new Random(7);
        double[] reference = random.doubles(5_000).map(u -> random.nextGaussian()).sorted().toArray();
        double[] same = random.doubles(1_000).map(u -> random.nextGaussian()).sorted().toArray();
        double[] shifted = Arrays.stream(same).map(x -> x + 1.0).toArray();
        assertTrue(DriftStatistics.psi(reference, same, 10, 1e-4) < 0.1);
        assertTrue(DriftStatistics.ks(reference, same) < 0.1);
        assertTrue(DriftStatistics.psi(reference, shifted, 10, 1e-4) > 0.25);
        assertTrue(DriftStatistics.ks(reference, shifted) > 0.3);
    }

    @Test
    void emptyInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DriftStatistics.binEdges(new double[0], 10));
        assertThrows(IllegalArgumentException.class, () -> DriftStatistics.psi(ONE_TO_TEN, new double[0], 10, 1e-4));
        assertThrows(IllegalArgumentException.class, () -> DriftStatistics.ks(new double[0], ONE_TO_TEN));
    }
}
