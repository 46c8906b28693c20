-- A failed import may have had its uploaded bytes dropped (a file that can never import, or one
-- out of retries): its row stays, with the error, but no longer needs a source.
ALTER TABLE imports DROP CONSTRAINT imports_check;
ALTER TABLE imports ADD CONSTRAINT imports_source_check
  CHECK (blob_oid IS NOT NULL OR file_path IS NOT NULL OR status IN ('done', 'failed'));
