-- Backtests (L4): one row per backtest run by the service or submitted by automation, with its signed inputs and
-- outputs. signature = SHA-256 of the canonical JSON of {inputs, trades, equityCurve, metrics} (BacktestSignature).
-- A completed row is frozen: only the verification verdict may change afterwards (trigger below).
create table backtest_results (
    id                  uuid primary key,
    model_id            text not null references model_registry (model_id),
    period_start        date not null,
    period_end          date not null,
    period_type         text not null check (period_type in ('validation', 'test', 'custom')),
    -- computed by the service from the model's training range, never taken from the caller
    is_out_of_sample    boolean not null,
    train_start         date,
    train_end           date,
    cost_model          jsonb not null,
    initial_capital     double precision not null check (initial_capital > 0),
    thresholds          jsonb not null,
    metrics             jsonb,
    equity_curve        jsonb,
    daily_returns       jsonb,
    bar_count           integer check (bar_count >= 0),
    trade_count         integer check (trade_count >= 0),
    data_snapshot_hash  char(64) check (data_snapshot_hash ~ '^[0-9a-f]{64}$'),
    model_hash          char(64) not null check (model_hash ~ '^[0-9a-f]{64}$'),
    norm_stats_hash     char(64) not null check (norm_stats_hash ~ '^[0-9a-f]{64}$'),
    engine_version      text not null,
    run_source          text not null check (run_source in ('service', 'automation', 'synthetic')),
    verified            boolean not null default false,
    differences         jsonb,
    signature           char(64) check (signature ~ '^[0-9a-f]{64}$'),
    -- automation: SHA-256 of the canonical JSON of what was submitted (saveBacktest is idempotent on it)
    submission_hash     char(64) check (submission_hash ~ '^[0-9a-f]{64}$'),
    status              text not null check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
    error               text,
    created_by          text not null,
    run_at              timestamptz not null,
    completed_at        timestamptz,
    created_at          timestamptz not null default now(),
    version             bigint not null default 0,
    check (period_end >= period_start),
    check ((run_source = 'automation') = (submission_hash is not null)),
    check (train_end is null or train_start is null or train_end >= train_start),
    check (status <> 'completed' or (signature is not null and metrics is not null and equity_curve is not null
                                      and daily_returns is not null and data_snapshot_hash is not null
                                      and completed_at is not null)),
    check (not is_out_of_sample or (train_start is not null and train_end is not null
                                    and (period_end < train_start or period_start > train_end)))
);
create index backtest_results_model_idx on backtest_results (model_id, run_at desc);
create index backtest_results_status_idx on backtest_results (status) where status in ('queued', 'running');
-- saveBacktest is idempotent on the hash of what automation submitted
create unique index backtest_results_submission_uq on backtest_results (submission_hash)
    where submission_hash is not null;

-- Closed round trips of a backtest, in opening order (BacktestResult trades, paged by seq).
create table backtest_trades (
    backtest_id      uuid not null references backtest_results (id),
    seq              integer not null check (seq > 0),
    side             smallint not null check (side in (-1, 1)),
    entry_ts         timestamptz not null,
    exit_ts          timestamptz not null,
    entry_price      double precision not null,
    exit_price       double precision not null,
    bars             integer not null check (bars >= 0),
    entry_equity     double precision not null,
    pnl              double precision not null,
    return_fraction  double precision not null,
    exit_reason      text not null check (exit_reason in ('signal', 'flip', 'missing_feature', 'low_quality',
                                                          'final_bar')),
    created_at       timestamptz not null default now(),
    primary key (backtest_id, seq),
    check (exit_ts >= entry_ts)
);

create function backtest_results_freeze() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'backtest results are kept: DELETE is not allowed';
    end if;
    if old.status = 'completed' and (
            new.status is distinct from old.status or new.signature is distinct from old.signature
            or new.metrics is distinct from old.metrics or new.equity_curve is distinct from old.equity_curve
            or new.daily_returns is distinct from old.daily_returns or new.model_id is distinct from old.model_id
            or new.period_start is distinct from old.period_start or new.period_end is distinct from old.period_end
            or new.is_out_of_sample is distinct from old.is_out_of_sample
            or new.cost_model is distinct from old.cost_model or new.thresholds is distinct from old.thresholds
            or new.data_snapshot_hash is distinct from old.data_snapshot_hash
            or new.model_hash is distinct from old.model_hash
            or new.norm_stats_hash is distinct from old.norm_stats_hash) then
        raise exception 'backtest % is completed and signed: its inputs and results cannot change', old.id;
    end if;
    return new;
end;
$$;
create trigger backtest_results_frozen before update or delete on backtest_results
    for each row execute function backtest_results_freeze();

create function backtest_trades_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'backtest trades are append-only: % is not allowed', tg_op;
end;
$$;
create trigger backtest_trades_append_only before update or delete on backtest_trades
    for each row execute function backtest_trades_refuse_change();
