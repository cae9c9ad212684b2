/**
 * Robustness of a candidate beyond its headline Sharpe, evaluated by the automatic vote
 * ({@link co.usdcop.gate.robustness.RobustnessEvaluation}, called once from the proposal's first vote):
 * <ul>
 *   <li>selection bias: the deflated Sharpe ratio fixed on the backtest
 *       ({@link co.usdcop.gate.backtest.SelectionStats}, trials counted by the service);</li>
 *   <li>cost stress: the candidate re-run at the cost multipliers of promotion.yaml through the backtest engine
 *       ({@link co.usdcop.gate.backtest.BacktestService#stressCosts});</li>
 *   <li>stability: Sharpe per calendar quarter ({@link co.usdcop.gate.robustness.QuarterlySharpe}).</li>
 * </ul>
 * Each criterion is reported with its value, threshold, source and verdict; the full report is kept per proposal
 * ({@code proposal_robustness}) and read through GraphQL ({@code Proposal.robustness}). See
 * docs/promotion-robustness.md.
 */
package co.usdcop.gate.robustness;
