-- Append-only, hash-chained audit log of every decision and change (who, what, when, from where).
-- hash = SHA-256(prev_hash || '\n' || canonical JSON of the row's fields); the first row's prev_hash is 64 zeros.
-- Writers serialise through a transaction-scoped advisory lock, so seq is gapless and the chain never forks.
create table approval_audit_log (
    seq         bigint primary key check (seq > 0),
    at          timestamptz not null,
    actor       text not null,
    actor_name  text,
    action      text not null,
    entity      text not null,
    entity_id   text,
    details     jsonb not null default '{}'::jsonb,
    client_ip   text,
    user_agent  text,
    prev_hash   varchar(64) not null,
    hash        varchar(64) not null unique,
    created_at  timestamptz not null default now()
);
create index approval_audit_log_entity_idx on approval_audit_log (entity, entity_id);
create index approval_audit_log_action_idx on approval_audit_log (action);
create index approval_audit_log_at_idx on approval_audit_log (at);

create function approval_audit_log_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'approval_audit_log is append-only: % is not allowed', tg_op;
end;
$$;

create trigger approval_audit_log_no_update_delete
    before update or delete on approval_audit_log
    for each row execute function approval_audit_log_refuse_change();

create trigger approval_audit_log_no_truncate
    before truncate on approval_audit_log
    for each statement execute function approval_audit_log_refuse_change();
