package co.usdcop.gate.models.registry;

import co.usdcop.gate.artifacts.Artifact;
import co.usdcop.gate.artifacts.ArtifactService;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.OnnxPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loaded policies by model id, least recently used evicted beyond {@code usdcop.models.policy-cache-size}. A policy
 * is loaded from its artifact with the registered {@code model_hash} checked before the ONNX session is created, and
 * the norm stats parsed from the registered {@code norm_stats_hash}. Policies are not thread-safe, so callers use
 * them inside {@link #withModel}, one caller per model at a time; an evicted or invalidated policy's session is
 * closed once its current user is done.
 */
@ApplicationScoped
public class PolicyCache {

    private static final Logger LOG = Logger.getLogger(PolicyCache.class);

    /** A registered model ready to evaluate: its policy, norm stats and the hashes they were checked against. */
    public record LoadedModel(String modelId, OnnxPolicy policy, NormStats normStats, String modelHash,
            String normStatsHash, String featureOrderHash) {
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        LoadedModel model;
    }

    @Inject
    ModelRegistryService registry;

    @Inject
    ArtifactService artifacts;

    @Inject
    GateConfig config;

    @ConfigProperty(name = "usdcop.models.policy-cache-size", defaultValue = "8")
    volatile int capacity;

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** Runs {@code work} with the model loaded (loading it on first use) while holding the model's lock. */
    public <T> T withModel(String modelId, Function<LoadedModel, T> work) {
        Entry entry;
        List<Entry> evicted = new ArrayList<>();
        synchronized (entries) {
            entry = entries.computeIfAbsent(modelId, id -> new Entry());
            Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
            while (entries.size() > Math.max(1, capacity) && it.hasNext()) {
                Map.Entry<String, Entry> eldest = it.next();
                if (eldest.getValue() != entry) {
                    evicted.add(eldest.getValue());
                    it.remove();
                }
            }
        }
        evicted.forEach(PolicyCache::closeEntry);
        entry.lock.lock();
        try {
            if (entry.model == null || entry.model.policy().isClosed()) {
                entry.model = load(modelId);
            }
            return work.apply(entry.model);
        } finally {
            boolean orphaned;
            synchronized (entries) {
                orphaned = entries.get(modelId) != entry;
            }
            if (orphaned && entry.model != null) {
                entry.model.policy().close(); // evicted while we were loading or using it
            }
            entry.lock.unlock();
        }
    }

    /** Drops a model (e.g. after its stage changed); its session is closed when its current user is done. */
    public void invalidate(String modelId) {
        Entry e;
        synchronized (entries) {
            e = entries.remove(modelId);
        }
        if (e != null) {
            closeEntry(e);
        }
    }

    /** Changes the capacity at run time (operations, tests); takes effect on the next load. */
    public void resize(int newCapacity) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("the policy cache needs room for at least one model");
        }
        synchronized (entries) {
            capacity = newCapacity;
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @PreDestroy
    void closeAll() {
        List<Entry> all;
        synchronized (entries) {
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        all.forEach(PolicyCache::closeEntry);
    }

    private LoadedModel load(String modelId) {
        RegisteredModel m = registry.require(modelId);
        Artifact onnx = artifacts.require(m.modelHash, "model_hash");
        Artifact norm = artifacts.require(m.normStatsHash, "norm_stats_hash");
        NormStats stats = registry.parseNormStats(norm, config.featureContract());
        OnnxPolicy policy = OnnxPolicy.load(artifacts.read(onnx), m.modelHash, config.featureContract().observationDim());
        LOG.infof("Loaded policy %s (model_hash %s)", modelId, m.modelHash);
        return new LoadedModel(modelId, policy, stats, m.modelHash, m.normStatsHash, m.featureOrderHash);
    }

    private static void closeEntry(Entry e) {
        e.lock.lock();
        try {
            if (e.model != null) {
                e.model.policy().close();
            }
        } finally {
            e.lock.unlock();
        }
    }
}
