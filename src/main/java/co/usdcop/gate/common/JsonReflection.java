package co.usdcop.gate.common;

import co.usdcop.gate.backtest.BacktestDifference;
import co.usdcop.gate.backtest.BacktestInputs;
import co.usdcop.gate.backtest.BacktestMetrics;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.backtest.DailyReturn;
import co.usdcop.gate.backtest.EquityPoint;
import co.usdcop.gate.backtest.RoundTrip;
import co.usdcop.gate.backtest.SubmittedBacktest;
import co.usdcop.gate.features.CanonicalFeatureBuilder;
import co.usdcop.gate.features.store.DatasetExport;
import co.usdcop.gate.monitoring.DriftReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types Jackson writes to or reads from the database's JSON columns and the signed documents. A native image only
 * keeps the accessors and constructors reflection is told about, so each such type is listed here (nested types
 * included); on the JVM this annotation changes nothing.
 */
@RegisterForReflection(targets = {
        CanonicalFeatureBuilder.State.class,
        BacktestInputs.class,
        BacktestSettings.class,
        BacktestMetrics.class,
        RoundTrip.class,
        EquityPoint.class,
        DailyReturn.class,
        BacktestDifference.class,
        SubmittedBacktest.class,
        DatasetExport.class,
        DriftReport.class})
final class JsonReflection {

    private JsonReflection() {
    }
}
