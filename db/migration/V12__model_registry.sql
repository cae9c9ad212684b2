-- Registered models: every hash that identifies a policy, the observation/action spec read from its ONNX file,
-- and its stage. Stage changes are appended to model_stage_history by the service in the same transaction.
create table model_registry (
    model_id                 text primary key check (model_id ~ '^[A-Za-z0-9._-]{3,100}$'),
    experiment_contract_id   text not null references experiment_contracts (contract_id),
    model_hash               char(64) not null references artifacts (sha256),
    norm_stats_hash          char(64) not null references artifacts (sha256),
    dataset_hash             char(64) not null check (dataset_hash ~ '^[0-9a-f]{64}$'),
    feature_order_hash       text not null,
    feature_contract_version text not null,
    observation_spec         jsonb not null,
    action_spec              jsonb not null,
    stage                    text not null default 'registered'
                             check (stage in ('registered', 'staging', 'production', 'archived', 'rejected')),
    registered_by            text not null,
    registered_by_name       text,
    training_run_ref         text,
    promoted_at              timestamptz,
    archived_at              timestamptz,
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now(),
    version                  bigint not null default 0
);
create index model_registry_stage_idx on model_registry (stage);
create index model_registry_experiment_idx on model_registry (experiment_contract_id);
create index model_registry_model_hash_idx on model_registry (model_hash);

create sequence model_stage_history_seq increment by 50;
create table model_stage_history (
    id          bigint primary key,
    model_id    text not null references model_registry (model_id),
    from_stage  text,
    to_stage    text not null,
    at          timestamptz not null,
    by_actor    text not null,
    reason      text,
    created_at  timestamptz not null default now()
);
create index model_stage_history_model_idx on model_stage_history (model_id, at);
