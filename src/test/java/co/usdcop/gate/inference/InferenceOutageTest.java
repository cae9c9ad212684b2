package co.usdcop.gate.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.promotion.PromotionFixtures;
import co.usdcop.gate.promotion.PromotionFixtures.TestModel;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database stops serving the tick (its feature table is taken offline): the tick fails closed — no signal,
 * readiness DOWN — and recovers on the next tick once the table is back.
 */
@QuarkusTest
class InferenceOutageTest {

    static final LocalDate DAY = LocalDate.parse("2025-05-05");
    static final Instant UNTIL = Instant.parse("2025-05-06T00:00:00Z");

    @Inject
    InferenceJob job;

    @Inject
    PromotionFixtures fx;

    @Inject
    InferenceFixtures inf;

    @Test
    void aTickDuringAnOutageWritesNothingTurnsReadinessDownAndTheNextTickRecovers() {
        TestModel m = fx.promoted("outage");
        List<FeatureVector> bars = inf.ingestBars(DAY, UNTIL);
        Instant first = inf.tickAt(bars.get(20));
        Instant second = inf.tickAt(bars.get(21));

        // renaming a table takes its owner: the service cannot
        co.usdcop.gate.support.OwnerDatabase.execute("alter table inference_features rename to inference_features_offline");
        TickResult failed;
        try {
            failed = job.tickAt(first);
        } finally {
            co.usdcop.gate.support.OwnerDatabase.execute("alter table inference_features_offline rename to inference_features");
        }
        assertEquals(InferenceJob.FAILED, failed.outcome());
        assertTrue(failed.written().isEmpty());
        assertEquals(0, fx.count("select count(*) from signals where model_id = ?", m.id()), "fails closed");
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'inference' }.status", equalTo("DOWN"));

        TickResult recovered = job.tickAt(second);
        assertNotEquals(InferenceJob.FAILED, recovered.outcome(), recovered::toString);
        assertEquals(1, fx.count("select count(*) from signals where model_id = ? and shadow = false", m.id()));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("inference"))
                .body("checks.find { it.name == 'inference' }.status", equalTo("UP"));
    }
}
