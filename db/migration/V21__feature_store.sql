-- Feature store (L1): one row per bar and feature-contract version; raw (not normalised) market features.
-- Column names are the feature names of config/feature_contract.yaml; null = missing.

create table inference_features (
    ts                      timestamptz      not null,
    contract_version        text             not null,
    trading_date            date             not null,
    bar_number              smallint         not null check (bar_number between 1 and 60),
    log_ret_5m              double precision,
    log_ret_1h              double precision,
    log_ret_4h              double precision,
    rsi_9                   double precision,
    atr_pct                 double precision,
    adx_14                  double precision,
    dxy_z                   double precision,
    dxy_change_1d           double precision,
    vix_z                   double precision,
    embi_z                  double precision,
    brent_change_1d         double precision,
    rate_spread             double precision,
    usdmxn_change_1d        double precision,
    close                   double precision not null,
    macro_levels            jsonb            not null default '{}'::jsonb,
    macro_was_ffilled       boolean          not null,
    ohlcv_was_interpolated  boolean          not null,
    data_quality_score      double precision not null check (data_quality_score between 0 and 1),
    feature_order_hash      text             not null,
    computed_at             timestamptz      not null,
    created_at              timestamptz      not null default now(),
    primary key (ts, contract_version)
);
create index inference_features_version_ts on inference_features (contract_version, ts);

-- From which bar time the stored features of a contract version must be recomputed (inputs changed);
-- null when they are up to date. Ingestion lowers dirty_from in its own transaction.
create table feature_refresh_state (
    contract_version text        primary key,
    dirty_from       timestamptz,
    version          bigint      not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

-- Datasets and norm stats the service itself exported (content-addressed by SHA-256), so model registration can
-- tell a dataset_hash the service produced ("known") from one it never saw.
create table market_exports (
    sha256             text        primary key,
    kind               text        not null check (kind in ('dataset', 'norm_stats')),
    from_ts            timestamptz not null,
    to_ts              timestamptz not null,
    rows               integer     not null,
    feature_order_hash text        not null,
    contract_version   text        not null,
    data_snapshot_hash text        not null,
    size_bytes         bigint      not null,
    created_by         text        not null,
    created_at         timestamptz not null default now()
);
