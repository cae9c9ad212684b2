/**
 * Backtests (L4): replaying a policy over stored feature rows and judging the result.
 * <ul>
 *   <li>{@link co.usdcop.gate.backtest.BacktestAccounting} — the accounting rules (DESIGN.md §7), one place;</li>
 *   <li>{@link co.usdcop.gate.backtest.FastBacktestEngine} — batched evaluation of all three positions per bar,
 *       then a tight walk; {@link co.usdcop.gate.backtest.ReferenceBacktestEngine} — one {@code act()} per bar,
 *       the executable specification the fast engine is tested against;</li>
 *   <li>{@link co.usdcop.gate.backtest.RoundTrips} and {@link co.usdcop.gate.backtest.BacktestMetrics} — trades and
 *       metrics with their formulas beside the code;</li>
 *   <li>{@link co.usdcop.gate.backtest.BacktestSignature} — canonical inputs + outputs and their SHA-256;</li>
 *   <li>{@link co.usdcop.gate.backtest.SharpeInference} — probabilistic and deflated Sharpe ratio;
 *       {@link co.usdcop.gate.backtest.BacktestTrials} counts a backtest's trials when it is stored and
 *       {@link co.usdcop.gate.backtest.SelectionStats} keeps them, sealed with the signature;</li>
 *   <li>{@link co.usdcop.gate.backtest.BacktestService} (periods, out-of-sample flag, runs over the registry's
 *       policies and the feature store, {@code saveBacktest} verification via
 *       {@link co.usdcop.gate.backtest.BacktestVerification}), {@link co.usdcop.gate.backtest.BacktestJobs} (the
 *       jobs of all replicas: claims, leases, progress, cancel) over {@link co.usdcop.gate.backtest.BacktestQueue}
 *       (the shared queue in PostgreSQL), {@link co.usdcop.gate.backtest.BacktestStore} ({@code backtest_results},
 *       {@code backtest_trades}), {@link co.usdcop.gate.backtest.BacktestGraphQLApi} and the lineage contributor.</li>
 * </ul>
 */
package co.usdcop.gate.backtest;
