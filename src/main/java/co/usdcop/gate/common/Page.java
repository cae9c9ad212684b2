package co.usdcop.gate.common;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import java.util.List;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.graphql.Description;

/**
 * One page of a list: the items, the total count and the window that was asked for.
 * Every list operation in the API pages with {@code limit}/{@code offset}; {@link #clampLimit} enforces the hard cap.
 * The total costs a {@code count(*)} over everything the filter matches, so it is only counted when the client
 * selected {@code total} ({@link #totalSelected}); otherwise it holds {@link #NOT_COUNTED}, which is never sent.
 */
public record Page<T>(
        @Description("The items of this page") List<T> items,
        @Description("Total number of items matching the filter") long total,
        @Description("Offset of the first item") int offset,
        @Description("Maximum number of items asked for (after the cap)") int limit) {

    /** Largest page any list operation returns. */
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    /** The total of a page whose client did not select {@code total} (never serialised). */
    public static final long NOT_COUNTED = -1;

    /**
     * The window {@code [offset, offset + limit)} of {@code query} (limit capped, both checked), with the total count
     * when it was selected.
     */
    public static <T> Page<T> of(PanacheQuery<T> query, Integer limit, Integer offset) {
        return of(query, limit, offset, query::count);
    }

    /** As {@link #of(PanacheQuery, Integer, Integer)}, with the total from {@code total} (a cheaper exact count). */
    public static <T> Page<T> of(PanacheQuery<T> query, Integer limit, Integer offset, LongSupplier total) {
        int lim = clampLimit(limit);
        int off = checkOffset(offset);
        return new Page<>(query.range(off, off + lim - 1).list(), totalSelected() ? total.getAsLong() : NOT_COUNTED,
                off, lim);
    }

    /**
     * Whether the page being built needs its total: false only while GraphQL resolves a page-typed field whose
     * selection lacks {@code total}; true for every other caller.
     */
    public static boolean totalSelected() {
        return co.usdcop.gate.common.graphql.FieldSelection.selects("Page", "total");
    }

    public static int clampLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1) {
            throw new co.usdcop.gate.common.error.InvalidInputException("limit must be at least 1, got " + limit);
        }
        return Math.min(limit, MAX_LIMIT);
    }

    public static int checkOffset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            throw new co.usdcop.gate.common.error.InvalidInputException("offset must be 0 or more, got " + offset);
        }
        return offset;
    }
}
