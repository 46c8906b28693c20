-- Typo-tolerant driver search ranks the nearest names with a KNN scan (`ORDER BY search_name <-> term`),
-- which needs a GiST trigram index; the GIN one serves the substring matches.
CREATE INDEX drivers_search_gist_idx ON drivers USING gist (search_name gist_trgm_ops);
