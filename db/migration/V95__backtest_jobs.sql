-- Backtest requests as rows: any replica claims a queued job (FOR UPDATE SKIP LOCKED) and holds it with a lease it
-- renews while the run lasts; a job whose lease expired is claimed again (re-run from the start) until
-- engine.max_attempts of config/backtest.yaml, then failed. Progress events are rows too, so every replica can
-- serve the progress subscription.
create table backtest_jobs (
    id               uuid primary key,
    model_id         text        not null,
    period_start     date        not null,
    period_end       date        not null,
    period_type      text        not null,
    status           text        not null default 'queued'
        check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
    attempts         integer     not null default 0,
    lease_owner      text,
    lease_until      timestamptz,
    cancel_requested boolean     not null default false,
    bars_done        integer     not null default 0,
    bars_total       integer     not null default 0,
    trades           integer,
    trades_closed    integer     not null default 0,
    event_seq        integer     not null default 0,
    error            text,
    created_by       text        not null,
    submitted_at     timestamptz not null,
    finished_at      timestamptz
);

-- the claim scans queued jobs oldest first and running jobs by lease expiry
create index backtest_jobs_queued on backtest_jobs (submitted_at) where status = 'queued';
create index backtest_jobs_leases on backtest_jobs (lease_until) where status = 'running';
create index backtest_jobs_submitted on backtest_jobs (submitted_at desc);

create table backtest_job_events (
    job_id             uuid    not null references backtest_jobs (id) on delete cascade,
    seq                integer not null,
    attempt            integer not null,
    status             text    not null,
    bars_done          integer not null,
    bars_total         integer not null,
    trades_closed      integer not null,
    new_trades         jsonb   not null,
    new_trades_omitted integer not null,
    primary key (job_id, seq)
);
