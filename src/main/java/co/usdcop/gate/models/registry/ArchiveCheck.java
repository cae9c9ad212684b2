package co.usdcop.gate.models.registry;

/**
 * A later feature's say on archiving a model, asked inside the archiving transaction after the registry's own checks
 * (the promotion feature refuses a model with an open proposal). Implement it as an {@code @ApplicationScoped} bean
 * in the feature's own package, so the registry never reads the tables of features built on it.
 */
public interface ArchiveCheck {

    /**
     * Throws a {@link co.usdcop.gate.common.error.GateException} (typically CONFLICT) when the model must not be
     * archived now.
     */
    void beforeArchive(String modelId);
}
