package co.usdcop.gate.market;

import org.eclipse.microprofile.graphql.Description;

/**
 * One rejected input row. For a CSV file {@code row} is the line number in the file (the header is line 1);
 * for a GraphQL batch it is the 1-based position in the list.
 */
@Description("A rejected input row and the rule it broke")
public record RowError(@Description("Line in the file (header = 1) or 1-based position in the batch") int row,
        @Description("What is wrong and what is expected") String message) {

    @Override
    public String toString() {
        return "row " + row + ": " + message;
    }
}
