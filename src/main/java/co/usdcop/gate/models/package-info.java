/** The model registry: artifacts, registered models, norm stats and ONNX policy loading. */
package co.usdcop.gate.models;
