-- Macro observations keep every published version (vintage): the key becomes (series, date, published_at), so a
-- revision is a new row and never replaces what was known before it. The value of a series as of t is the newest
-- version published at or before t. Rows are immutable from now on (version and updated_at stay at their defaults).
alter table macro_observations drop constraint macro_observations_pkey;
alter table macro_observations add constraint macro_observations_pkey
    primary key (series_id, observation_date, published_at);
