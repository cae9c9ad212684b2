-- Selection-bias statistics of a backtest (SelectionStats): the number of trials N of its experiment family over an
-- overlapping period at its completion, the variance of those trials' per-day Sharpe ratios, and the probabilistic
-- and deflated Sharpe ratios derived from them; sealed_signature = SHA-256 of the canonical JSON of {backtest:
-- signature, selection: selection_stats} (BacktestSignature.sealed). Frozen like the other results.
alter table backtest_results add column selection_stats jsonb;
alter table backtest_results add column sealed_signature char(64) check (sealed_signature ~ '^[0-9a-f]{64}$');
alter table backtest_results add constraint backtest_results_sealed_when_stats
    check ((selection_stats is null) = (sealed_signature is null));

create function backtest_results_selection_freeze() returns trigger language plpgsql as $$
begin
    if old.status = 'completed' and (new.selection_stats is distinct from old.selection_stats
            or new.sealed_signature is distinct from old.sealed_signature) then
        raise exception 'backtest % is completed and signed: its trial count and deflated Sharpe cannot change',
            old.id;
    end if;
    return new;
end;
$$;
create trigger backtest_results_selection_frozen before update on backtest_results
    for each row execute function backtest_results_selection_freeze();
