package co.usdcop.gate.models.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.MlpPolicy;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.registry.NormStatsParser;
import co.usdcop.gate.models.registry.RegistryFixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoPoliciesTest {

    private static float[] obs(float z5m, float z1h, float z4h) {
        float[] x = new float[15];
        x[0] = z5m;
        x[1] = z1h;
        x[2] = z4h;
        x[3] = 1.2f; // other features must not matter
        x[13] = -1f;
        x[14] = 0.5f;
        return x;
    }

    @Test
    void momentumGoesLongAfterRisingReturnsAndMeanReversionTheOpposite() {
        byte[] m = OnnxMlpWriter.write(DemoPolicies.momentum());
        byte[] r = OnnxMlpWriter.write(DemoPolicies.meanReversion());
        try (OnnxPolicy momentum = OnnxPolicy.load(m, Hashes.sha256Hex(m), 15);
                OnnxPolicy meanrev = OnnxPolicy.load(r, Hashes.sha256Hex(r), 15);
                MlpPolicy reference = new MlpPolicy(DemoPolicies.momentum())) {
            float up = momentum.act(obs(1f, 1.5f, 0.5f));
            float down = momentum.act(obs(-1f, -1.5f, -0.5f));
            // s = 0.5 + 1.5 + 0.25 = 2.25 -> 1.5 * tanh(2 * tanh(2.25)) = 1.5 * 0.9623 = 1.443 -> clipped to 1
            assertEquals(1f, up, 1e-6);
            assertEquals(-1f, down, 1e-6);
            // a weak signal stays inside the band: s = 0.1 -> 1.5 * tanh(2 * tanh(0.1)) = 0.2937
            assertEquals(1.5 * Math.tanh(2 * Math.tanh(0.1)), momentum.act(obs(0f, 0.1f, 0f)), 1e-5);
            assertEquals(-momentum.act(obs(0.3f, -0.1f, 0.2f)), meanrev.act(obs(0.3f, -0.1f, 0.2f)), 1e-6);
            assertEquals(reference.act(obs(0.3f, -0.1f, 0.2f)), momentum.act(obs(0.3f, -0.1f, 0.2f)), 1e-5);
        }
    }

    @Test
    void demoNormStatsPassTheRegistryChecks() {
        var stats = NormStatsParser.parse(DemoPolicies.normStatsJson().getBytes(StandardCharsets.UTF_8),
                RegistryFixtures.MARKET_FEATURES);
        assertEquals(13, stats.names().size());
        assertTrue(stats.std()[0] > 0 && stats.mean()[3] == 50.0);
    }
}
