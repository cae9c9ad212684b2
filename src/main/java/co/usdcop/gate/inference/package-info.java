/**
 * Production inference (L5).
 * <ul>
 *   <li>{@link co.usdcop.gate.inference.InferenceService} — the scheduled tick: scores the newest closed bar with the
 *       active production contract and every staging model (shadow) and records one signal per model and bar;</li>
 *   <li>{@link co.usdcop.gate.inference.ContractValidation} — which contract the tick may trade under: validation
 *       against the artifacts before first use, cached per contract, with the fallback when one fails;</li>
 *   <li>{@link co.usdcop.gate.inference.SignalStore} — the one owner of {@code signals}: the tick's two statements and
 *       every read other features make (signals query, paper ledger rows, shadow agreement, lineage);</li>
 *   <li>{@link co.usdcop.gate.inference.ReplayService} — replay mode (stored bars walked with a simulated clock, rows
 *       marked replay);</li>
 *   <li>{@link co.usdcop.gate.inference.KillSwitchService} — the kill switch with two-admin reset
 *       ({@code kill_switch}, {@code kill_switch_resets}).</li>
 * </ul>
 * Alerts live in {@code co.usdcop.gate.alerts}.
 */
package co.usdcop.gate.inference;
