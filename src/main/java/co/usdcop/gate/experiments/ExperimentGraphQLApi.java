package co.usdcop.gate.experiments;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.graphql.GraphQLErrorBoundary;
import co.usdcop.gate.security.CurrentUser;
import co.usdcop.gate.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

@GraphQLApi
@GraphQLErrorBoundary
public class ExperimentGraphQLApi {

    @Inject
    ExperimentService experiments;

    @Inject
    CurrentUser currentUser;

    @Mutation("registerExperiment")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION})
    @Description("Registers an experiment YAML (format of config/experiments/*.yaml) as the immutable contract"
            + " CTR-EXP-<name>-<version>. The same text again returns the same contract; different text under the"
            + " same name and version is a CONFLICT. Researchers and automation.")
    public ExperimentRegistration registerExperiment(@Name("yaml") @NonNull String yaml) {
        ExperimentService.Registration r = experiments.register(yaml.getBytes(StandardCharsets.UTF_8),
                currentUser.subject());
        return new ExperimentRegistration(r.created(), view(r.contract()));
    }

    @Query("experiments")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.REVIEWER, Roles.ADMIN})
    @Description("Experiment contracts, newest first.")
    public Page<Experiment> experiments(Integer limit, Integer offset) {
        Page<ExperimentContract> page = experiments.page(limit, offset);
        return new Page<>(page.items().stream().map(this::view).toList(), page.total(), page.offset(), page.limit());
    }

    @Query("experiment")
    @RolesAllowed({Roles.RESEARCHER, Roles.AUTOMATION, Roles.REVIEWER, Roles.ADMIN})
    @Description("One experiment contract by id (CTR-EXP-<name>-<version>).")
    public Experiment experiment(@Name("id") @NonNull String id) {
        return view(experiments.require(id));
    }

    private Experiment view(ExperimentContract c) {
        return Experiment.of(c, experiments.matchesServiceFeatureOrder(c));
    }
}
