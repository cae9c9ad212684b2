-- Production inference (L5): signals, inference alerts and the kill switch.

-- One row per model and bar. The production model's row has shadow = false; staging models scored on the same
-- tick have shadow = true. A repeated or concurrent tick inserts with "on conflict do nothing".
create table signals (
    id                       bigint generated always as identity primary key,
    model_id                 text not null references model_registry (model_id),
    ts                       timestamptz not null,                 -- bar open time (UTC)
    raw_action               double precision,                     -- null when the policy was not run
    signal                   smallint not null check (signal in (-1, 0, 1)),
    position_after           smallint not null check (position_after in (-1, 0, 1)),
    reason                   text not null check (reason in ('OK', 'STALE_DATA', 'LOW_QUALITY', 'NAN_FEATURE',
                                                              'KILL_SWITCH', 'CONTRACT_INVALID', 'MODEL_ERROR')),
    latency_micros           bigint not null check (latency_micros >= 0),
    contract_id              bigint references production_contracts (id),
    feature_ts               timestamptz not null,                 -- the inference_features row used (with version)
    feature_contract_version text not null,
    data_quality_score       double precision,
    shadow                   boolean not null,
    created_at               timestamptz not null default now(),
    unique (model_id, ts),
    check (shadow or contract_id is not null)
);
create index signals_ts_idx on signals (ts desc);
create index signals_shadow_model_ts_idx on signals (shadow, model_id, ts desc);

-- Alerts raised by inference (and later monitoring); one per kind and subject (a failing contract alerts once).
create table inference_alerts (
    id          bigint generated always as identity primary key,
    kind        text not null,
    severity    text not null check (severity in ('INFO', 'WARNING', 'CRITICAL')),
    subject     text not null,                                      -- e.g. contract:42
    message     text not null,
    details     jsonb not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    unique (kind, subject)
);
create index inference_alerts_created_idx on inference_alerts (created_at desc);

-- The kill switch: exactly one row.
create table kill_switch (
    id          smallint primary key check (id = 1),
    tripped     boolean not null,
    reason      text,
    tripped_by  text,
    tripped_at  timestamptz,
    created_at  timestamptz not null default now(),
    version     bigint not null default 0,
    check (not tripped or (reason is not null and tripped_by is not null and tripped_at is not null))
);
insert into kill_switch (id, tripped) values (1, false);

-- Pending reset approvals: the first admin's approval of a reset of a given trip; a different admin completes it.
create table kill_switch_resets (
    id              bigint generated always as identity primary key,
    trip_version    bigint not null,               -- kill_switch.version when approved; a new trip voids it
    approved_by     text not null,                 -- OIDC subject
    approver_name   text,
    reason          text not null,
    completed_by    text,
    completed_at    timestamptz,
    created_at      timestamptz not null default now(),
    version         bigint not null default 0
);
create unique index kill_switch_resets_one_pending_uq on kill_switch_resets (trip_version) where completed_at is null;
