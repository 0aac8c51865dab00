-- Every upload is a document (vendor dialects); identical content is still stored once in the blob store.
-- The native API still finds a live document with the same content itself, inside the insert transaction.
DROP INDEX documents_dedupe;
CREATE INDEX documents_live_sha ON documents(project_id, sha256) WHERE deleted_at IS NULL;
