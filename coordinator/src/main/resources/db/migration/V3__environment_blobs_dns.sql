-- An environment's blob store and DNS record (JSON; their secrets sealed like the password). Null: none.
ALTER TABLE environment ADD COLUMN blob_store text;
ALTER TABLE environment ADD COLUMN dns text;
