-- Market data (L0): USD/COP 5-minute bars and macro observations, as ingested.
-- Rows are upserted idempotently; version counts real changes (an identical re-ingest leaves it untouched).

create table usdcop_m5_ohlcv (
    ts          timestamptz      primary key,              -- bar open time, UTC, on the 5-minute grid
    open        double precision not null,
    high        double precision not null,
    low         double precision not null,
    close       double precision not null,
    volume      double precision not null default 0,
    source      text             not null,
    version     integer          not null default 0,
    created_at  timestamptz      not null default now(),
    updated_at  timestamptz      not null default now(),
    constraint ohlcv_prices_positive check (open > 0 and high > 0 and low > 0 and close > 0),
    constraint ohlcv_high_low check (high >= greatest(open, close) and low <= least(open, close)),
    constraint ohlcv_volume check (volume >= 0),
    constraint ohlcv_grid check (extract(epoch from ts)::bigint % 300 = 0)
);

create table macro_observations (
    series_id        text             not null,
    observation_date date             not null,
    value            double precision not null,
    frequency        text             not null check (frequency in ('daily', 'monthly', 'quarterly')),
    published_at     timestamptz      not null,             -- when the value became known (point-in-time)
    source           text             not null,
    version          integer          not null default 0,
    created_at       timestamptz      not null default now(),
    updated_at       timestamptz      not null default now(),
    primary key (series_id, observation_date),
    constraint macro_published_after_observation check (published_at >= observation_date::timestamp at time zone 'UTC')
);
create index macro_observations_published on macro_observations (series_id, published_at);
