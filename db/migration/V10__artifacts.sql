-- Content-addressed blobs: ONNX policies, norm_stats.json, dataset manifests. The bytes live in an ArtifactStore
-- (filesystem under usdcop.data-dir by default) at storage_key; the row is immutable (same bytes = same row).
create table artifacts (
    sha256      char(64) primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    kind        text not null check (kind in ('onnx', 'norm_stats', 'dataset', 'other')),
    size        bigint not null check (size >= 0),
    media_type  text not null,
    storage_key text not null,
    created_by  text not null,
    created_at  timestamptz not null default now()
);
create index artifacts_kind_idx on artifacts (kind);

create function artifacts_refuse_update() returns trigger language plpgsql as $$
begin
    raise exception 'artifacts are immutable (content-addressed): % is not allowed', tg_op;
end;
$$;
create trigger artifacts_no_update before update on artifacts
    for each row execute function artifacts_refuse_update();
