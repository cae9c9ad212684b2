/**
 * Demo data for dev mode: a demo experiment and two hand-written MLP policies ("demo-momentum", "demo-meanrev")
 * written as ONNX with {@link co.usdcop.gate.models.OnnxMlpWriter} and registered like any other model. Never
 * runs unless {@code usdcop.demo.enabled=true} (set in the dev profile).
 */
package co.usdcop.gate.models.demo;
