package co.usdcop.gate.inference;

import org.eclipse.microprofile.graphql.Description;

@Description("A staging model scored in shadow beside production: its latest shadow signal and how often it agrees")
public record ShadowModel(
        String modelId,
        @Description("Its newest shadow signal (a live one before a replay one of the same bar); null if none")
        Signal latest,
        @Description("Agreement with the production signal on the bars both scored live") Agreement live,
        @Description("The same over replay rows (replay compared with replay)") Agreement replay) {

    /**
     * Agreement = agreeing / bars: the bars on which both the shadow model and production wrote a row (of the same
     * kind, live or replay) and the two signals are equal. Production rows forced flat by the kill switch or an
     * invalid contract are left out (a shadow row never sees those); other fail-safe rows count, as both sides see
     * the same data checks. Null rate when no bar is shared.
     */
    @Description("Signals of a shadow model compared with production on the same bars")
    public record Agreement(
            @Description("Bars with both a shadow and a production row") long bars,
            @Description("Of those, bars with the same signal") long agreeing,
            @Description("agreeing / bars (fraction); null without shared bars") Double rate) {

        static Agreement of(long bars, long agreeing) {
            return new Agreement(bars, agreeing, bars == 0 ? null : (double) agreeing / bars);
        }
    }
}
