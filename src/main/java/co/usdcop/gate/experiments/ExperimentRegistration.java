package co.usdcop.gate.experiments;

import org.eclipse.microprofile.graphql.Description;

@Description("Result of registerExperiment")
public record ExperimentRegistration(
        @Description("False when the same bytes were already registered (idempotent call)") boolean created,
        Experiment contract) {
}
