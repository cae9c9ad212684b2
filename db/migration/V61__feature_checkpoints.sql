-- Builder checkpoints of the feature store: the streaming builder's complete bar-side state after the bar at ts
-- (CanonicalFeatureBuilder.State as JSON). A refresh restores the newest checkpoint before the first row it must
-- recompute and reads only the bars after it. A checkpoint at ts depends only on the bars up to ts, so a change at
-- or before ts deletes it (the refresh that follows writes new ones).
create table feature_builder_checkpoints (
    contract_version text        not null,
    ts               timestamptz not null,
    state            jsonb       not null,
    created_at       timestamptz not null default now(),
    primary key (contract_version, ts)
);
