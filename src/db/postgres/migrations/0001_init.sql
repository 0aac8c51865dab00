-- docserve initial schema on PostgreSQL: the twin of ../../migrations/0001_init.sql. Timestamps are epoch
-- milliseconds (BIGINT). JSON columns are TEXT holding JSON, as on SQLite. Every text column sorts and
-- compares byte-wise (COLLATE "C"), as SQLite's BINARY does, whatever the database's locale.

CREATE TABLE settings (
  key TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE organizations (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  default_project_id TEXT COLLATE "C",
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE projects (
  id TEXT COLLATE "C" PRIMARY KEY,
  org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
  name TEXT COLLATE "C" NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  settings TEXT NOT NULL DEFAULT '{}',
  active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX projects_org ON projects(org_id);

CREATE TABLE api_keys (
  id TEXT COLLATE "C" PRIMARY KEY,
  org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
  project_id TEXT COLLATE "C" REFERENCES projects(id),
  label TEXT COLLATE "C" NOT NULL DEFAULT '',
  prefix TEXT COLLATE "C" NOT NULL,
  hash TEXT COLLATE "C" NOT NULL UNIQUE,
  preview TEXT COLLATE "C" NOT NULL,
  read_only BOOLEAN NOT NULL DEFAULT FALSE,
  rate_limit TEXT,
  created_by TEXT COLLATE "C" NOT NULL DEFAULT 'cli',
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
);
CREATE INDEX api_keys_org ON api_keys(org_id);
CREATE INDEX api_keys_project ON api_keys(project_id);

CREATE TABLE documents (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id),
  name TEXT COLLATE "C" NOT NULL,
  mime TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT COLLATE "C" NOT NULL,
  folder_id TEXT COLLATE "C",
  source TEXT COLLATE "C" NOT NULL DEFAULT 'upload',
  email_id TEXT COLLATE "C",
  metadata TEXT NOT NULL DEFAULT '{}',
  doc_type TEXT COLLATE "C",
  ocr_status TEXT COLLATE "C" NOT NULL,
  ocr_error TEXT,
  ocr_lang TEXT COLLATE "C",
  ocr_mode TEXT COLLATE "C",
  page_count INTEGER,
  confidence DOUBLE PRECISION,
  ocr_started_at BIGINT,
  ocr_completed_at BIGINT,
  extract_status TEXT COLLATE "C" NOT NULL DEFAULT 'none',
  review_status TEXT COLLATE "C",
  favorite BOOLEAN NOT NULL DEFAULT FALSE,
  uploaded_by TEXT COLLATE "C",
  key_id TEXT COLLATE "C",
  pdf_sha256 TEXT COLLATE "C",
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE INDEX documents_list ON documents(project_id, deleted_at, created_at DESC, id DESC);
CREATE INDEX documents_sha ON documents(sha256);
CREATE INDEX documents_pdf_sha ON documents(pdf_sha256);
CREATE UNIQUE INDEX documents_dedupe ON documents(project_id, sha256) WHERE deleted_at IS NULL;

-- Live document count per project, kept by triggers so the unfiltered list needs no count(*) scan.
CREATE TABLE project_counts (
  project_id TEXT COLLATE "C" PRIMARY KEY,
  live_documents INTEGER NOT NULL DEFAULT 0
);
CREATE FUNCTION docserve_count_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
    INSERT INTO project_counts AS c (project_id, live_documents) VALUES (OLD.project_id, -1)
    ON CONFLICT (project_id) DO UPDATE SET live_documents = c.live_documents - 1;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.deleted_at IS NULL THEN
    INSERT INTO project_counts AS c (project_id, live_documents) VALUES (NEW.project_id, 1)
    ON CONFLICT (project_id) DO UPDATE SET live_documents = c.live_documents + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER documents_count_insert AFTER INSERT ON documents
  FOR EACH ROW WHEN (NEW.deleted_at IS NULL) EXECUTE FUNCTION docserve_count_documents();
CREATE TRIGGER documents_count_delete AFTER DELETE ON documents
  FOR EACH ROW WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION docserve_count_documents();
CREATE TRIGGER documents_count_trash AFTER UPDATE OF deleted_at ON documents
  FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION docserve_count_documents();

CREATE TABLE tags (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id),
  name TEXT COLLATE "C" NOT NULL,
  color TEXT COLLATE "C" NOT NULL DEFAULT '#3B82F6',
  description TEXT NOT NULL DEFAULT '',
  created_by TEXT COLLATE "C",
  created_at BIGINT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE document_tags (
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  tag_id TEXT COLLATE "C" NOT NULL REFERENCES tags(id),
  PRIMARY KEY (document_id, tag_id)
);
CREATE INDEX document_tags_tag ON document_tags(tag_id);

CREATE TABLE pages (
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  page_no INTEGER NOT NULL,
  source TEXT COLLATE "C" NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  raw_text TEXT NOT NULL DEFAULT '',
  confidence DOUBLE PRECISION,
  width INTEGER,
  height INTEGER,
  layout TEXT,
  error TEXT,
  PRIMARY KEY (document_id, page_no)
);

CREATE TABLE jobs (
  id TEXT COLLATE "C" PRIMARY KEY,
  kind TEXT COLLATE "C" NOT NULL,
  project_id TEXT COLLATE "C",
  document_id TEXT COLLATE "C",
  payload TEXT NOT NULL DEFAULT '{}',
  status TEXT COLLATE "C" NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_at BIGINT NOT NULL,
  locked_until BIGINT,
  progress TEXT,
  last_error TEXT,
  result TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX jobs_ready ON jobs(status, kind, priority DESC, run_at);
CREATE INDEX jobs_document ON jobs(document_id);

CREATE TABLE extractions (
  document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
  schema_key TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  result TEXT,
  edited_result TEXT,
  is_edited BOOLEAN NOT NULL DEFAULT FALSE,
  is_verified BOOLEAN NOT NULL DEFAULT FALSE,
  error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (document_id, schema_key)
);

CREATE TABLE records (
  collection TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  project_id TEXT COLLATE "C" NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE INDEX records_project ON records(project_id, collection, created_at);

CREATE TABLE webhooks (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id),
  dialect TEXT COLLATE "C" NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT '[]',
  secret TEXT NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  config TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX webhooks_project ON webhooks(project_id);

CREATE TABLE webhook_deliveries (
  id TEXT COLLATE "C" PRIMARY KEY,
  webhook_id TEXT COLLATE "C" NOT NULL REFERENCES webhooks(id),
  project_id TEXT COLLATE "C" NOT NULL,
  event TEXT COLLATE "C" NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL,
  document_id TEXT COLLATE "C",
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}',
  status TEXT COLLATE "C" NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  next_attempt_at BIGINT,
  last_status INTEGER,
  last_error TEXT,
  last_response TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  delivered_at BIGINT,
  failed_at BIGINT
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at);
CREATE INDEX webhook_deliveries_project ON webhook_deliveries(project_id, created_at);

CREATE TABLE audit_log (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  area TEXT COLLATE "C" NOT NULL,
  sub_area TEXT COLLATE "C",
  message TEXT COLLATE "C" NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  document_id TEXT COLLATE "C",
  key_id TEXT COLLATE "C",
  created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_project ON audit_log(project_id, created_at);

-- The change feed (PostgreSQL's replacement for SQLite's data_version): every write to a table sends
-- NOTIFY docserve_changes with the table's name, once per table per transaction (PostgreSQL folds
-- identical notifications of one transaction), delivered when the transaction commits.
CREATE FUNCTION docserve_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('docserve_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['settings', 'organizations', 'projects', 'api_keys', 'documents', 'tags',
    'document_tags', 'pages', 'jobs', 'extractions', 'records', 'webhooks', 'webhook_deliveries', 'audit_log']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION docserve_notify_change()', t || '_changed', t);
  END LOOP;
END $$;
