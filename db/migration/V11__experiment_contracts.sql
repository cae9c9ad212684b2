-- Immutable experiment contracts CTR-EXP-<name>-<version>: the YAML bytes as given, their hash, the hash of the
-- reward section's canonical JSON, and the feature contract / date ranges the experiment was frozen against.
create table experiment_contracts (
    contract_id              text primary key,
    name                     text not null,
    version                  text not null,
    description              text,
    owner                    text,
    config_hash              char(64) not null check (config_hash ~ '^[0-9a-f]{64}$'),
    reward_config_hash       char(64) not null check (reward_config_hash ~ '^[0-9a-f]{64}$'),
    feature_order_hash       text not null,
    feature_contract_id      text not null,
    feature_contract_version text not null,
    date_ranges_version      text not null,
    train_range              text not null,
    train_start              date not null,
    train_end                date not null check (train_end >= train_start),
    frozen_config            jsonb not null,
    yaml                     text not null,
    registered_by            text not null,
    created_at               timestamptz not null default now(),
    unique (name, version)
);

create function experiment_contracts_refuse_update() returns trigger language plpgsql as $$
begin
    raise exception 'experiment contracts are immutable: register a new version instead';
end;
$$;
create trigger experiment_contracts_no_update before update on experiment_contracts
    for each row execute function experiment_contracts_refuse_update();
