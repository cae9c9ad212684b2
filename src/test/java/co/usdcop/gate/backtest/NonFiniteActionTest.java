package co.usdcop.gate.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.models.CraftedOnnx;
import co.usdcop.gate.models.OnnxPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A policy whose action is NaN is a broken model: both engines fail the backtest with a message naming the bar,
 * instead of booking every bar flat and reporting a clean "0 trades".
 */
class NonFiniteActionTest {

    private static final int FEATURES = 13;

    @Test
    void bothEnginesRefuseANaNActionOfARealOnnxPolicy() {
        byte[] onnx = CraftedOnnx.nanPolicy(FEATURES + 2);
        List<FeatureVector> bars = Fixtures.randomBars(11, 500, FEATURES, 0.0, 0.0);
        BacktestSettings s = Fixtures.settings(2.5);
        for (BacktestEngine engine : List.of(new ReferenceBacktestEngine(), new FastBacktestEngine())) {
            try (OnnxPolicy policy = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), FEATURES + 2)) {
                assertTrue(Float.isNaN(policy.act(new float[FEATURES + 2])), "the crafted policy outputs NaN");
                NonFiniteActionException e = assertThrows(NonFiniteActionException.class,
                        () -> engine.run(bars, Fixtures.identity(FEATURES), policy, s, BacktestProgress.NONE),
                        engine.getClass().getSimpleName());
                assertTrue(e.getMessage().contains("NaN") && e.getMessage().matches("(?s).*for bar \\d+ \\(20\\d\\d-.*"),
                        e.getMessage());
                assertEquals("VALIDATION", e.code());
            }
        }
    }
}
