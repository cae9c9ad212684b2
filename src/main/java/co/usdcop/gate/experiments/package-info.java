/**
 * Experiment contracts {@code CTR-EXP-<name>-<version>}: immutable records of an experiment YAML (exact bytes and
 * their hash, the reward section's hash, the feature order and date ranges it was frozen against), registered
 * through GraphQL and from {@code config/experiments/} at start-up.
 */
package co.usdcop.gate.experiments;
