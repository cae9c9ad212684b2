package co.usdcop.gate.promotion;

import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.models.registry.ArchiveCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** A model with a proposal awaiting its human vote is not archived: the proposal must be withdrawn first. */
@ApplicationScoped
public class OpenProposalArchiveCheck implements ArchiveCheck {

    @Override
    public void beforeArchive(String modelId) {
        if (PromotionProposal.count("modelId = ?1 and status = ?2", modelId, PromotionProposal.PENDING) > 0) {
            throw new ConflictException("Model " + modelId + " has an open proposal; withdraw it before archiving"
                    + " the model.");
        }
    }
}
