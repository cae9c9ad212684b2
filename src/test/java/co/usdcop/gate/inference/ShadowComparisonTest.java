package co.usdcop.gate.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shadow models beside production: latest shadow signal and agreement, with signals set to known values. */
@QuarkusTest
class ShadowComparisonTest {

    static final String QUERY = """
            query($since: DateTime) { shadowModels(since: $since) { modelId
              latest { ts signal replay shadow }
              live { bars agreeing rate } replay { bars agreeing rate } } }""";

    @Inject
    InferenceService inference;

    @Inject
    PromotionFixtures fx;

    @Inject
    InferenceFixtures inf;

    void setSignal(String modelId, Instant ts, boolean replay, int signal, String reason) {
        fx.sql("update signals set signal = ?, position_after = ?, reason = ? where model_id = ? and ts = ?"
                + " and replay = ?", signal, signal, reason, modelId, Timestamp.from(ts), replay);
    }

    @Test
    void agreementCountsSharedBarsWithEqualSignalsLiveAndReplayApart() {
        List<FeatureVector> bars = inf.sliceBetween(Instant.parse("2021-03-05T15:00:00Z"),
                Instant.parse("2021-03-05T15:20:00Z"));
        assertEquals(5, bars.size());
        TestModel prod = fx.promoted("shadow-cmp-p");
        TestModel staged = fx.staged("shadow-cmp-s");
        for (FeatureVector bar : bars) {
            inference.tick(inf.tickAt(bar));
        }
        // production: +1 on every bar, the last one forced flat by the kill switch (left out of the comparison)
        // shadow:     +1, +1, -1, +1, 0   -> 3 of the 4 comparable bars agree: 0.75
        int[] shadow = {1, 1, -1, 1, 0};
        for (int i = 0; i < 5; i++) {
            setSignal(prod.id(), bars.get(i).ts(), false, i == 4 ? 0 : 1, i == 4 ? "KILL_SWITCH" : "OK");
            setSignal(staged.id(), bars.get(i).ts(), false, shadow[i], "OK");
        }
        // a replay pair on the first bar that disagrees: counted apart from the live ones
        fx.sql("insert into signals (model_id, ts, signal, position_after, reason, latency_micros, contract_id, feature_ts,"
                + " feature_contract_version, shadow, replay) select model_id, ts, -signal, -signal, reason, 0,"
                + " contract_id, feature_ts, feature_contract_version, shadow, true from signals where ts = ?"
                + " and model_id in (?, ?) and not replay and shadow = (model_id = ?)",
                Timestamp.from(bars.get(0).ts()), prod.id(), staged.id(), staged.id());
        setSignal(staged.id(), bars.get(0).ts(), true, 0, "OK");

        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, QUERY, Map.of());
        assertNull(r.get("errors"), r::prettify);
        List<String> ids = r.getList("data.shadowModels.modelId");
        int i = ids.indexOf(staged.id());
        assertTrue(i >= 0, r::prettify);
        assertFalse(ids.contains(prod.id()), "the production model is not a shadow model");
        String at = "data.shadowModels[" + i + "].";
        assertEquals(4, r.getLong(at + "live.bars"), r::prettify);
        assertEquals(3, r.getLong(at + "live.agreeing"));
        assertEquals(0.75, r.getDouble(at + "live.rate"), 1e-12);
        assertEquals(1, r.getLong(at + "replay.bars"));
        assertEquals(0, r.getLong(at + "replay.agreeing"));
        assertEquals(0.0, r.getDouble(at + "replay.rate"), 1e-12);
        assertEquals(bars.get(4).ts(), Instant.parse(r.getString(at + "latest.ts")));
        assertEquals(0, r.getInt(at + "latest.signal"));
        assertEquals(false, r.getBoolean(at + "latest.replay"));

        // from the third bar on: bars 3 and 4 are comparable (-1 vs +1, +1 vs +1) -> 1 of 2
        JsonPath since = GraphQL.as(DemoUsers.AUTOMATION, QUERY, Map.of("since", bars.get(2).ts().toString()));
        assertEquals(2, since.getLong(at + "live.bars"), since::prettify);
        assertEquals(0.5, since.getDouble(at + "live.rate"), 1e-12);
        assertNull(since.get(at + "replay.rate"), "no shared replay bar since then");
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.NO_ROLE, QUERY, Map.of())).toUpperCase());
    }
}
