package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OutOfSampleTest {

    private static final LocalDate TRAIN_START = LocalDate.of(2023, 1, 2);
    private static final LocalDate TRAIN_END = LocalDate.of(2024, 12, 31);

    private static boolean oos(String from, String to) {
        return OutOfSample.isOutOfSample(LocalDate.parse(from), LocalDate.parse(to), TRAIN_START, TRAIN_END);
    }

    @Test
    void periodsAfterOrBeforeTrainingAreOutOfSample() {
        assertTrue(oos("2025-01-01", "2025-06-30"));
        assertTrue(oos("2022-01-01", "2023-01-01"));
    }

    @Test
    void anySharedDateMakesItInSample() {
        assertFalse(oos("2024-12-31", "2025-06-30"), "shares the last training day");
        assertFalse(oos("2022-06-01", "2023-01-02"), "shares the first training day");
        assertFalse(oos("2023-05-01", "2023-06-01"), "inside training");
        assertFalse(oos("2022-01-01", "2026-01-01"), "covers training");
    }

    @Test
    void anUnknownTrainingRangeProvesNothing() {
        assertFalse(OutOfSample.isOutOfSample(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 8, 1), null, null));
    }

    @Test
    void anInvertedPeriodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> oos("2025-02-01", "2025-01-01"));
    }
}
