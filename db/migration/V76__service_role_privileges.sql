-- The service runs as a role that owns nothing (placeholder app_role, default usdcop_app; USDCOP_DB_APP_ROLE):
-- it may read and write the tables it works with, only SELECT and INSERT the audit log, and cannot alter a
-- table, disable a trigger or truncate. Flyway migrates as the owner role. Tables and sequences created by later
-- migrations (run by the same owner) are granted automatically through default privileges.
-- Without the role (a single-role development database) nothing is granted.
do $$
declare
    app text := '${app_role}';
    s text := current_schema();
begin
    if not exists (select 1 from pg_roles where rolname = app) then
        raise notice 'role % does not exist: the service connects as the owner', app;
        return;
    end if;
    execute format('grant usage on schema %I to %I', s, app);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', s, app);
    execute format('grant usage, select on all sequences in schema %I to %I', s, app);
    execute format('revoke update, delete, truncate on approval_audit_log from %I', app);
    execute format('revoke all on %I.flyway_schema_history from %I', s, app);
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I', s, app);
    execute format('alter default privileges in schema %I grant usage, select on sequences to %I', s, app);
end
$$;
