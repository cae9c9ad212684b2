-- Replay mode: signals written while stored bars are walked with a simulated clock are marked replay = true.
-- Replay rows and live rows are separate records: one row per (model, bar, replay), so a replay never blocks, replaces
-- or feeds a live signal (live ticks read and write replay = false only; a replay chains its own positions).
alter table signals add column replay boolean not null default false;

alter table signals drop constraint signals_model_id_ts_key;
alter table signals add constraint signals_model_ts_replay_key unique (model_id, ts, replay);

-- the previous position of a model's production or shadow chain, live or replay
drop index signals_shadow_model_ts_idx;
create index signals_model_kind_ts_idx on signals (model_id, replay, shadow, ts desc);
