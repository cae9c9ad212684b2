-- A backtest's record signature covers everything a promotion decision reads of the row (see BacktestSeal): the
-- content signature (inputs, trades, equity curve, metrics) plus the model id, the artifact hashes, the period and
-- training range, the out-of-sample flag, the verified state, the run source, the differences, the submission hash
-- and the status. Rows completed before it are sealed once by the service at start-up (deterministically, from their
-- stored content). After completion every column is frozen; the only change left is sealing an unsealed row.
alter table backtest_results
    add column record_signature char(64) check (record_signature ~ '^[0-9a-f]{64}$');

create or replace function backtest_results_freeze() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'backtest results are kept: DELETE is not allowed';
    end if;
    if old.status = 'completed' and (
            (to_jsonb(new) - 'record_signature') is distinct from (to_jsonb(old) - 'record_signature')
            or (old.record_signature is not null
                and new.record_signature is distinct from old.record_signature)) then
        raise exception 'backtest % is completed and signed: its columns (inputs, results, verification verdict) cannot change', old.id;
    end if;
    return new;
end;
$$;
