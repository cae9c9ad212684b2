-- Vote-time evidence and the hold of REQUEST_MORE_TESTS.
-- A proposal keeps the evidence of its latest automatic evaluation (recomputed at every human vote against the
-- production contract active then): its hash, the contract it compared with and when. A vote stores what it was cast
-- on. REQUEST_MORE_TESTS holds the proposal until its requester attaches a newer verified backtest (a new round with
-- a new automatic vote) or withdraws it; each round has its own automatic vote and one vote per reviewer.
alter table promotion_proposals
    add column evidence_hash          char(64) check (evidence_hash ~ '^[0-9a-f]{64}$'),
    add column evaluated_contract_id  bigint references production_contracts (id),
    add column evaluated_at           timestamptz,
    add column round                  integer not null default 1 check (round >= 1),
    add column held_by                text,
    add column held_by_name           text,
    add column held_at                timestamptz,
    add column withdrawn_reason       text,
    add check ((held_by is null) = (held_at is null));

alter table promotion_proposals drop constraint promotion_proposals_status_check;
alter table promotion_proposals add constraint promotion_proposals_status_check
    check (status in ('PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'));
alter table promotion_proposals drop constraint promotion_proposals_final_decision_check;
alter table promotion_proposals add constraint promotion_proposals_final_decision_check
    check (final_decision in ('promoted', 'override_promoted', 'rejected', 'expired', 'withdrawn'));
alter table promotion_proposals add check (status <> 'WITHDRAWN' or (final_decision = 'withdrawn'
                                                                     and withdrawn_reason is not null));

alter table votes
    add column round          integer not null default 1 check (round >= 1),
    add column evidence_hash  char(64) check (evidence_hash ~ '^[0-9a-f]{64}$'),
    add column evidence       jsonb;
alter table votes drop constraint votes_proposal_id_voter_subject_key;
alter table votes add constraint votes_one_per_voter_and_round_uq unique (proposal_id, voter_subject, round);
drop index votes_one_auto_uq;
create unique index votes_one_auto_per_round_uq on votes (proposal_id, round) where kind = 'AUTO';
