-- Promotion (two votes): proposals with their automatic first vote, human second votes, and the production
-- contracts they activate. Four eyes and "one active production contract" are database facts, not only service rules.
create table promotion_proposals (
    id                      uuid primary key,
    model_id                text not null references model_registry (model_id),
    target_stage            text not null check (target_stage in ('staging', 'production')),
    backtest_id             uuid not null references backtest_results (id),
    baseline_model_id       text references model_registry (model_id),
    baseline_backtest_id    uuid references backtest_results (id),
    vs_baseline             jsonb,
    criteria_results        jsonb not null,
    criteria_source         text not null,
    auto_passed             boolean not null,
    recommendation          text not null check (recommendation in ('PROMOTE', 'REVIEW', 'REJECT')),
    confidence              double precision not null check (confidence >= 0 and confidence <= 1),
    recommendation_reason   text not null,
    reason                  text not null,
    requested_by            text not null,
    requested_by_name       text,
    status                  text not null default 'PENDING_APPROVAL'
                            check (status in ('PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'EXPIRED')),
    final_decision          text check (final_decision in ('promoted', 'override_promoted', 'rejected', 'expired')),
    override                boolean not null default false,
    override_reason         text,
    override_by             text,
    expires_at              timestamptz not null,
    decided_at              timestamptz,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    version                 bigint not null default 0,
    check ((status = 'PENDING_APPROVAL') = (final_decision is null)),
    check ((status = 'PENDING_APPROVAL') = (decided_at is null)),
    check (status <> 'APPROVED' or final_decision in ('promoted', 'override_promoted')),
    check (status <> 'REJECTED' or final_decision = 'rejected'),
    check (status <> 'EXPIRED' or final_decision = 'expired'),
    check (not override or (override_reason is not null and override_by is not null)),
    check ((final_decision = 'override_promoted') = (override and final_decision is not null))
);
create index promotion_proposals_status_idx on promotion_proposals (status, created_at desc);
create index promotion_proposals_model_idx on promotion_proposals (model_id);
-- one open proposal per model and target stage
create unique index promotion_proposals_one_open_uq on promotion_proposals (model_id, target_stage)
    where status = 'PENDING_APPROVAL';

create sequence votes_seq increment by 50;
create table votes (
    id                  bigint primary key,
    proposal_id         uuid not null references promotion_proposals (id),
    kind                text not null check (kind in ('AUTO', 'HUMAN')),
    voter_subject       text not null,
    voter_name          text,
    voter_email         text,
    decision            text not null check (decision in ('APPROVE', 'REJECT', 'REQUEST_MORE_TESTS')),
    backtest_reviewed   boolean not null default false,
    metrics_acceptable  boolean not null default false,
    team_notified       boolean not null default false,
    comment             text,
    override            boolean not null default false,
    created_at          timestamptz not null default now(),
    unique (proposal_id, voter_subject),
    check (kind = 'AUTO' or decision <> 'APPROVE' or (backtest_reviewed and metrics_acceptable and team_notified)),
    check (kind = 'HUMAN' or decision in ('APPROVE', 'REJECT'))
);
create unique index votes_one_auto_uq on votes (proposal_id) where kind = 'AUTO';

-- Votes are append-only, and a human vote by the model's registrant or the proposal's requester is refused.
create function promotion_votes_guard() returns trigger language plpgsql as $$
declare
    registrant text;
    requester  text;
begin
    if tg_op <> 'INSERT' then
        raise exception 'votes are append-only: % is not allowed', tg_op;
    end if;
    if new.kind = 'HUMAN' then
        select m.registered_by, p.requested_by into registrant, requester
          from promotion_proposals p join model_registry m on m.model_id = p.model_id
         where p.id = new.proposal_id;
        if new.voter_subject = registrant then
            raise exception 'Four eyes: % registered this model and cannot cast the human vote on its proposal %.',
                new.voter_subject, new.proposal_id using errcode = 'insufficient_privilege';
        end if;
        if new.voter_subject = requester then
            raise exception 'Four eyes: % requested proposal % and cannot cast its human vote.',
                new.voter_subject, new.proposal_id using errcode = 'insufficient_privilege';
        end if;
    end if;
    return new;
end;
$$;
create trigger promotion_votes_four_eyes before insert or update or delete on votes
    for each row execute function promotion_votes_guard();

-- One row per activation. A rollback activates a new row that copies the contract it re-activates
-- (reactivates_contract_id), so activated_at/deactivated_at intervals answer "who was in production at T".
create sequence production_contracts_seq increment by 50;
create table production_contracts (
    id                       bigint primary key,
    model_id                 text not null references model_registry (model_id),
    model_hash               char(64) not null,
    norm_stats_hash          char(64) not null,
    feature_order_hash       text not null,
    config_hash              text not null,
    dataset_hash             char(64) not null,
    experiment_contract_id   text not null,
    proposal_id              uuid not null references promotion_proposals (id),
    override                 boolean not null default false,
    approved_by              jsonb not null,
    approved_at              timestamptz not null,
    activated_at             timestamptz not null,
    activated_by             text not null,
    activation_reason        text,
    deactivated_at           timestamptz,
    deactivated_by           text,
    deactivation_reason      text,
    is_active                boolean not null,
    previous_contract_id     bigint references production_contracts (id),
    reactivates_contract_id  bigint references production_contracts (id),
    created_at               timestamptz not null default now(),
    version                  bigint not null default 0,
    check (is_active = (deactivated_at is null)),
    check (deactivated_at is null or deactivated_at >= activated_at)
);
-- at most one active production contract: a database fact
create unique index production_contracts_one_active_uq on production_contracts (is_active) where is_active;
create index production_contracts_activated_idx on production_contracts (activated_at desc);
create index production_contracts_model_idx on production_contracts (model_id);
