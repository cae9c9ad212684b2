-- The model stage 'rejected' was never set: a rejected proposal leaves the model in the stage it had (a rejected
-- production proposal leaves it in staging, where it can be proposed again or archived). The stage goes.
alter table model_registry drop constraint model_registry_stage_check;
alter table model_registry add constraint model_registry_stage_check
    check (stage in ('registered', 'staging', 'production', 'archived'));
