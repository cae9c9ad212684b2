-- Outbox and history of the signed webhooks: one row per event and endpoint, written in the transaction of the audit
-- row it reports (audit_seq), then posted and retried with backoff by the deliverer until delivered or failed.
create table notification_deliveries (
    id              uuid primary key,
    endpoint        text not null,
    event           text not null,
    audit_seq       bigint not null,
    body            text not null,
    status          text not null check (status in ('pending', 'delivered', 'failed')),
    attempts        integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz not null default now(),
    unique (endpoint, audit_seq)
);
create index notification_deliveries_due_idx on notification_deliveries (next_attempt_at) where status = 'pending';
create index notification_deliveries_created_idx on notification_deliveries (created_at desc);
