/**
 * Policies and the model registry. This package holds the policy types every feature uses:
 * {@link co.usdcop.gate.models.Policy}, {@link co.usdcop.gate.models.OnnxPolicy} (the one place ONNX files are
 * loaded: hash check before the session, shape checks against the feature contract, reused buffers),
 * {@link co.usdcop.gate.models.MlpPolicy} (plain-Java reference forward pass), {@link co.usdcop.gate.models.OnnxMlpWriter}
 * (ONNX files for MLP policies without Python) and {@link co.usdcop.gate.models.NormStats}. Sub-packages:
 * {@code registry} (registration, stages, policy cache), {@code demo} (dev-mode demo policies). The files themselves
 * are stored by {@code co.usdcop.gate.artifacts}.
 */
package co.usdcop.gate.models;
