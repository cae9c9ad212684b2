-- One naming style for audit actions: domain.verb_past (AuditActions). Existing rows are renamed; the name each
-- row was written (and hashed) with is kept in written_action, so the chain still verifies: the verifier hashes
-- the written name and checks that action is its rename by the table below (the same as AuditActions.RENAMED).
alter table approval_audit_log add column written_action text;

alter table approval_audit_log disable trigger approval_audit_log_no_update_delete;
update approval_audit_log l
   set written_action = l.action, action = r.new_name
  from (values
        ('market.bars.ingested', 'bars.ingested'),
        ('market.macro.ingested', 'macro.ingested'),
        ('market.dataset.exported', 'dataset.exported'),
        ('market.norm_stats.exported', 'norm_stats.exported'),
        ('BACKTEST_COMPLETED', 'backtest.completed'),
        ('PROMOTION_PROPOSED', 'promotion.proposed'),
        ('PROMOTION_VOTED', 'promotion.voted'),
        ('PROMOTION_VOTE_REFUSED', 'promotion.vote_refused'),
        ('PROMOTION_DECIDED', 'promotion.decided'),
        ('MODEL_STAGED', 'model.staged'),
        ('PRODUCTION_CONTRACT_ACTIVATED', 'production.activated'),
        ('PRODUCTION_ROLLED_BACK', 'production.rolled_back'),
        ('INFERENCE_CONTRACT_REJECTED', 'production_contract.rejected'),
        ('KILL_SWITCH_TRIPPED', 'kill_switch.tripped'),
        ('KILL_SWITCH_RESET_APPROVED', 'kill_switch.reset_approved'),
        ('KILL_SWITCH_RESET', 'kill_switch.reset'),
        ('REPLAY_STARTED', 'replay.started'),
        ('REPLAY_STOPPED', 'replay.stopped'),
        ('MONITORING_ALERT_RAISED', 'monitoring_alert.raised')) as r(old_name, new_name)
 where l.action = r.old_name;
alter table approval_audit_log enable trigger approval_audit_log_no_update_delete;
