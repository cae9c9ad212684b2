package co.usdcop.gate.features;

import static co.usdcop.gate.features.FeatureFixtures.SESSION;
import static co.usdcop.gate.features.FeatureFixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session of market.yaml: 60 bars 13:00–17:55 UTC, Monday to Friday (2025-03-03 is a Monday). */
class TradingSessionTest {

    @Test
    void barNumbersRunFromOneAtTheOpenToSixtyAtTheLastBar() {
        assertEquals(60, SESSION.barsPerSession());
        assertEquals(1, SESSION.barNumber(utc("2025-03-03T13:00:00Z")));
        assertEquals(2, SESSION.barNumber(utc("2025-03-03T13:05:00Z")));
        assertEquals(13, SESSION.barNumber(utc("2025-03-03T14:00:00Z")));   // 60 min / 5 + 1
        assertEquals(60, SESSION.barNumber(utc("2025-03-03T17:55:00Z")));
        assertEquals(LocalDate.of(2025, 3, 3), SESSION.tradingDate(utc("2025-03-03T17:55:00Z")));
    }

    @Test
    void timeNormalizedIsTheBarsPlaceInItsSession() {
        assertEquals(0.0, SESSION.timeNormalized(utc("2025-03-03T13:00:00Z")));
        assertEquals(1.0, SESSION.timeNormalized(utc("2025-03-03T17:55:00Z")));
        // bar 31 (15:30): (31 - 1) / (60 - 1) = 30/59
        assertEquals(30.0 / 59.0, SESSION.timeNormalized(utc("2025-03-03T15:30:00Z")), 1e-15);
        // the same place on another day gives the same value
        assertEquals(SESSION.timeNormalized(utc("2025-03-03T15:30:00Z")), SESSION.timeNormalized(utc("2025-03-07T15:30:00Z")));
    }

    @Test
    void onlyGridTimesInsideTheSessionOnWeekdaysAreSessionBars() {
        assertTrue(SESSION.isInSession(utc("2025-03-07T13:00:00Z")));      // Friday
        assertFalse(SESSION.isInSession(utc("2025-03-08T13:00:00Z")));     // Saturday
        assertFalse(SESSION.isInSession(utc("2025-03-09T15:00:00Z")));     // Sunday
        assertFalse(SESSION.isInSession(utc("2025-03-03T12:55:00Z")));     // before the open
        assertFalse(SESSION.isInSession(utc("2025-03-03T18:00:00Z")));     // after the last bar
        assertFalse(SESSION.isInSession(utc("2025-03-03T13:02:00Z")));     // off grid
        assertFalse(SESSION.isInSession(utc("2025-03-03T13:05:00.5Z")));   // fractional second
        assertTrue(SESSION.isOnGrid(utc("2025-03-03T18:00:00Z")));         // on the grid, outside the session
        assertFalse(SESSION.isOnGrid(utc("2025-03-03T13:07:00Z")));
        assertThrows(IllegalArgumentException.class, () -> SESSION.barNumber(utc("2025-03-08T13:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> SESSION.timeNormalized(utc("2025-03-03T18:00:00Z")));
    }

    @Test
    void nextAndPreviousBarCrossNightsAndWeekends() {
        assertEquals(utc("2025-03-03T13:05:00Z"), SESSION.nextBar(utc("2025-03-03T13:00:00Z")));
        assertEquals(utc("2025-03-03T13:05:00Z"), SESSION.nextBar(utc("2025-03-03T13:02:00Z")));
        assertEquals(utc("2025-03-03T13:00:00Z"), SESSION.nextBar(utc("2025-03-03T06:00:00Z")));
        assertEquals(utc("2025-03-04T13:00:00Z"), SESSION.nextBar(utc("2025-03-03T17:55:00Z")));
        assertEquals(utc("2025-03-10T13:00:00Z"), SESSION.nextBar(utc("2025-03-07T17:55:00Z"))); // Fri -> Mon
        assertEquals(utc("2025-03-10T13:00:00Z"), SESSION.nextBar(utc("2025-03-08T12:00:00Z"))); // Sat -> Mon

        assertEquals(utc("2025-03-03T13:00:00Z"), SESSION.previousBar(utc("2025-03-03T13:05:00Z")));
        assertEquals(utc("2025-03-03T13:05:00Z"), SESSION.previousBar(utc("2025-03-03T13:07:00Z")));
        assertEquals(utc("2025-03-03T17:55:00Z"), SESSION.previousBar(utc("2025-03-03T20:00:00Z")));
        assertEquals(utc("2025-03-07T17:55:00Z"), SESSION.previousBar(utc("2025-03-10T13:00:00Z"))); // Mon -> Fri
        assertEquals(utc("2025-03-07T17:55:00Z"), SESSION.previousBar(utc("2025-03-09T23:00:00Z"))); // Sun -> Fri
    }

    @Test
    void barTimesListsTheSixtyBarsOfATradingDayAndNoneOnWeekends() {
        List<Instant> monday = SESSION.barTimes(LocalDate.of(2025, 3, 3));
        assertEquals(60, monday.size());
        assertEquals(utc("2025-03-03T13:00:00Z"), monday.get(0));
        assertEquals(utc("2025-03-03T17:55:00Z"), monday.get(59));
        assertEquals(List.of(), SESSION.barTimes(LocalDate.of(2025, 3, 8)));
        for (Instant t : monday) {
            assertEquals(t, SESSION.previousBar(SESSION.nextBar(t)));
        }
    }
}
