/**
 * Demo data for dev mode: a demo experiment and three hand-written MLP policies ("demo-momentum", "demo-meanrev",
 * which fail the automatic vote, and "demo-opening-gap", which passes the staging thresholds on the synthetic
 * market) written as ONNX with {@link co.usdcop.gate.models.OnnxMlpWriter} and registered like any other model. Never
 * runs unless {@code usdcop.demo.enabled=true} (set in the dev profile).
 */
package co.usdcop.gate.models.demo;
