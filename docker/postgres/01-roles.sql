-- Runs once when the volume is created: the service's role, which owns nothing (docs/security.md).
-- The database owner is POSTGRES_USER (usdcop), which Flyway migrates as; V76 grants usdcop_app what it needs.
create role usdcop_app login password 'usdcop-app';
