-- What-if backtests: runBacktest(costMultiplier) charges transaction_cost_bps × cost_multiplier (bounds in
-- config/backtest.yaml min_cost_multiplier / max_cost_multiplier). The multiplier travels with the queued job to the
-- engine and is stored with the result: the effective cost is cost_model ->> 'transactionCostBps' (covered by the
-- content signature), the multiplier is covered by the record signature (BacktestSeal) and frozen after completion
-- like every other column (backtest_results_freeze compares whole rows). Only a run at 1, the cost in force, can back
-- a proposal (PromotionService). Rows stored before it ran at the cost in force: 1.
alter table backtest_jobs add column cost_multiplier double precision not null default 1.0
    check (cost_multiplier > 0 and cost_multiplier <> 'Infinity'::float8);
alter table backtest_results add column cost_multiplier double precision not null default 1.0
    check (cost_multiplier > 0 and cost_multiplier <> 'Infinity'::float8);
