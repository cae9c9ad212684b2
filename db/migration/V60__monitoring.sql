-- Monitoring (L6): stored drift reports. Alerts share inference_alerts (kind DRIFT, STALE_DATA, LIVE_DRAWDOWN).

-- One report per model, instant and window; the daily job writes them, on-demand reports are not stored.
create table drift_reports (
    id           bigint generated always as identity primary key,
    model_id     text not null references model_registry (model_id),
    as_of        timestamptz not null,
    window_days  integer not null check (window_days between 1 and 366),
    level        text not null check (level in ('INSUFFICIENT_DATA', 'OK', 'WARN', 'ALERT')),
    max_psi      double precision check (max_psi >= 0),
    max_ks       double precision check (max_ks between 0 and 1),
    run_by       text not null,
    report       jsonb not null,                 -- the whole report: per-feature PSI, KS, means, row counts
    created_at   timestamptz not null default now(),
    unique (model_id, as_of, window_days)
);
create index drift_reports_model_idx on drift_reports (model_id, as_of desc);

-- Stored reports are evidence: they are never edited.
create function drift_reports_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'drift_reports rows are immutable' using errcode = 'insufficient_privilege';
end $$;
create trigger drift_reports_no_update before update or delete on drift_reports
    for each row execute function drift_reports_immutable();
