package co.usdcop.gate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.error.ErrorTranslator;
import co.usdcop.gate.common.error.GateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Database refusals reach the caller with the code that says whose doing they are. */
class ErrorTranslatorTest {

    private final ErrorTranslator translator = new ErrorTranslator();

    @Test
    void sqlStatesMapToCodes() {
        assertEquals("FORBIDDEN", code("42501", "ERROR: Four eyes: rita requested proposal p and cannot cast its human vote."));
        assertEquals("CONFLICT", code("23505", "ERROR: duplicate key value violates unique constraint \"x\""));
        assertEquals("NOT_FOUND", code("23503", "ERROR: insert violates foreign key"));
        assertEquals("VALIDATION", code("23514", "ERROR: new row violates check constraint"));
        assertEquals("CONFLICT", code("P0001", "ERROR: approval_audit_log is append-only: UPDATE is not allowed"));
    }

    @Test
    void messagesKeepTheServerTextWithoutPrefixOrInternals() {
        GateException e = translator.translate(new RuntimeException(new SQLException(
                "ERROR: Four eyes: rita requested proposal p and cannot cast its human vote.\n  Where: PL/pgSQL", "42501")), null);
        assertEquals("Four eyes: rita requested proposal p and cannot cast its human vote.", e.getMessage());
        GateException internal = translator.translate(new NullPointerException("x.y() is null"), null);
        assertEquals("INTERNAL", internal.code());
        assertTrue(internal.getMessage().contains("ref "), internal.getMessage());
        assertFalse(internal.getMessage().contains("NullPointer"), internal.getMessage());
    }

    private String code(String sqlState, String message) {
        return translator.translate(new SQLException(message, sqlState), null).code();
    }
}
