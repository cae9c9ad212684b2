package co.usdcop.gate.backtest;

import co.usdcop.gate.common.error.InvalidInputException;
import io.smallrye.graphql.api.ErrorCode;
import java.time.Instant;

/**
 * The policy returned NaN or ±∞ for a bar it had to decide: the model is broken, and a backtest that read such an
 * action as "flat" would report a clean, verified "0 trades". The backtest fails with this message instead.
 */
@ErrorCode("VALIDATION")
public class NonFiniteActionException extends InvalidInputException {

    public NonFiniteActionException(float action, int barIndex, Instant barTime) {
        super("The policy returned " + action + " as its action for bar " + barIndex + " (" + barTime + "); a policy"
                + " must return a finite number for every bar it decides. The model is broken (check its export,"
                + " weights and norm stats); nothing was stored.");
    }
}
