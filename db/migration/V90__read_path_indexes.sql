-- Read path: an index for the order (and filters) of every list the API pages, so a page is an index range scan
-- instead of a sort of the whole table. Checked with EXPLAIN at registry scale (docs/performance.md, "Read path").

-- models: newest first (created_at desc, model_id), optionally by stage or experiment, or by id prefix (picker search)
create index model_registry_created_idx on model_registry (created_at desc, model_id);
create index model_registry_stage_created_idx on model_registry (stage, created_at desc, model_id);
create index model_registry_experiment_created_idx on model_registry (experiment_contract_id, created_at desc, model_id);
create index model_registry_id_prefix_idx on model_registry (model_id text_pattern_ops);

-- backtests of a model: run_at desc, id (the V30 index lacks the id tie-breaker, so a page sorted every run)
create index backtest_results_model_run_idx on backtest_results (model_id, run_at desc, id);

-- audit log: newest first (seq desc) under each filter; keyset paging (seq < beforeSeq) uses the same indexes
create index approval_audit_log_action_seq_idx on approval_audit_log (action, seq desc);
create index approval_audit_log_entity_seq_idx on approval_audit_log (entity, entity_id, seq desc);
create index approval_audit_log_actor_seq_idx on approval_audit_log (actor, seq desc);

-- proposals: newest first (created_at desc, id), optionally by status or by target stage
create index promotion_proposals_created_idx on promotion_proposals (created_at desc, id);
create index promotion_proposals_stage_created_idx on promotion_proposals (target_stage, created_at desc, id);

-- experiments: newest first (created_at desc, contract_id)
create index experiment_contracts_created_idx on experiment_contracts (created_at desc, contract_id);
