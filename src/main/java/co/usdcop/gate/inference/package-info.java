/**
 * Production inference (L5): the scheduled tick that scores the newest closed bar with the active production
 * contract (validated against its artifacts before first use) and records one signal per model and bar; shadow
 * scoring of staging models; replay mode (stored bars walked with a simulated clock, rows marked replay); inference
 * alerts; the kill switch with two-admin reset.
 */
package co.usdcop.gate.inference;
