package co.usdcop.gate.market;

import co.usdcop.gate.common.error.InvalidInputException;
import io.smallrye.graphql.api.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An input batch or file broke validation rules; nothing was written. The message lists the reported rows
 * (at most {@link RowErrors#MAX_REPORTED}) with their row numbers; {@link #errors()} has them one by one.
 */
@ErrorCode("VALIDATION")
public class MarketDataRejectedException extends InvalidInputException {

    private final transient List<RowError> errors;
    private final int totalErrors;

    public MarketDataRejectedException(String what, List<RowError> errors, int totalErrors) {
        super(message(what, errors, totalErrors));
        this.errors = List.copyOf(errors);
        this.totalErrors = totalErrors;
    }

    public List<RowError> errors() {
        return errors;
    }

    public int totalErrors() {
        return totalErrors;
    }

    private static String message(String what, List<RowError> errors, int total) {
        String shown = total > errors.size() ? " (first " + errors.size() + " shown)" : "";
        return what + " rejected, nothing was written: " + total + " invalid row(s)" + shown + ". Fix them and send "
                + "the whole input again. " + errors.stream().map(RowError::toString).collect(Collectors.joining("; "));
    }
}
