/**
 * The model registry: {@code model_registry} and {@code model_stage_history}, registration of ONNX policies against
 * an experiment contract and the feature contract, the GraphQL operations {@code registerModel}, {@code models},
 * {@code model}, and the {@link co.usdcop.gate.models.registry.PolicyCache} later features load policies through.
 */
package co.usdcop.gate.models.registry;
