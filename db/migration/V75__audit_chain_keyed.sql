-- The audit chain is keyed: each row written from now on carries the id of the HMAC-SHA256 key that hashed it
-- (the key itself lives outside the database, USDCOP_AUDIT_HMAC_KEY), and its hash covers every column,
-- created_at and key_id included. Rows written before this migration keep their unkeyed SHA-256 hash (key_id null);
-- the verifier accepts such rows only before the first keyed row, so a forged row cannot fall back to the
-- public algorithm.
alter table approval_audit_log add column key_id text;
