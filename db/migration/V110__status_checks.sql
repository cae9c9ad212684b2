-- Every status, stage and kind column lists the values it may hold, as the others already do; these three had no
-- CHECK. The values are those the service has always written (lower-case where stored lower-case), the same as the
-- Java side (the backtest statuses, ModelStage keys, AlertKind); StatusConstraintsTest compares the two.
alter table backtest_job_events add constraint backtest_job_events_status_check
    check (status in ('queued', 'running', 'completed', 'failed', 'cancelled'));
alter table model_stage_history add constraint model_stage_history_from_stage_check
    check (from_stage in ('registered', 'staging', 'production', 'archived'));
alter table model_stage_history add constraint model_stage_history_to_stage_check
    check (to_stage in ('registered', 'staging', 'production', 'archived'));
alter table inference_alerts add constraint inference_alerts_kind_check
    check (kind in ('CONTRACT_VALIDATION_FAILED', 'LIVE_DRAWDOWN', 'DRIFT', 'STALE_DATA',
                    'backtest_signature_mismatch'));
