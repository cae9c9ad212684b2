package co.usdcop.gate.common;

import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional filters of a list operation, as a Panache query: each {@link #and} adds one clause with its named
 * parameter; no clause at all means "everything" (Panache treats an empty query as a find-all).
 */
public final class QueryFilter {

    private final List<String> clauses = new ArrayList<>();
    private final Parameters parameters = new Parameters();

    /** Adds {@code clause} (which uses {@code :name}) bound to {@code value}. */
    public QueryFilter and(String clause, String name, Object value) {
        clauses.add(clause);
        parameters.and(name, value);
        return this;
    }

    public String query() {
        return String.join(" and ", clauses);
    }

    public Parameters parameters() {
        return parameters;
    }
}
