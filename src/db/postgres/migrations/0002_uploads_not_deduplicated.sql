-- Twin of ../../migrations/0002_uploads_not_deduplicated.sql: every upload is a document (vendor
-- dialects); identical content is still stored once in the blob store.
DROP INDEX documents_dedupe;
CREATE INDEX documents_live_sha ON documents(project_id, sha256) WHERE deleted_at IS NULL;
