/**
 * The canonical features of CTR-FEATURE-001 (config/feature_contract.yaml), computed point-in-time correct by one
 * streaming builder that serves backtests, live inference and dataset export alike.
 */
package co.usdcop.gate.features;
