-- Robustness evidence of the automatic vote (RobustnessReport): the candidate's deflated Sharpe, its re-runs at the
-- cost multipliers of promotion.yaml, its Sharpe per calendar quarter and the robustness criteria judged on them.
-- One row per evaluation of a proposal; append-only.
create table proposal_robustness (
    id            bigint generated always as identity primary key,
    proposal_id   uuid not null references promotion_proposals (id),
    backtest_id   uuid not null references backtest_results (id),
    report        jsonb not null,
    evaluated_at  timestamptz not null,
    created_at    timestamptz not null default now()
);
create index proposal_robustness_proposal_idx on proposal_robustness (proposal_id, evaluated_at desc);

create function proposal_robustness_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'robustness evaluations are append-only: % is not allowed', tg_op;
end;
$$;
create trigger proposal_robustness_append_only before update or delete on proposal_robustness
    for each row execute function proposal_robustness_refuse_change();
