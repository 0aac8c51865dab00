-- docserve initial schema. Timestamps are epoch milliseconds (INTEGER). JSON columns are TEXT.

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  default_project_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  settings TEXT NOT NULL DEFAULT '{}',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX projects_org ON projects(org_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  project_id TEXT REFERENCES projects(id),
  label TEXT NOT NULL DEFAULT '',
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  preview TEXT NOT NULL,
  read_only INTEGER NOT NULL DEFAULT 0,
  rate_limit TEXT,
  created_by TEXT NOT NULL DEFAULT 'cli',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER
);
CREATE INDEX api_keys_org ON api_keys(org_id);
CREATE INDEX api_keys_project ON api_keys(project_id);

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  folder_id TEXT,
  source TEXT NOT NULL DEFAULT 'upload',
  email_id TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  doc_type TEXT,
  ocr_status TEXT NOT NULL,
  ocr_error TEXT,
  ocr_lang TEXT,
  ocr_mode TEXT,
  page_count INTEGER,
  confidence REAL,
  ocr_started_at INTEGER,
  ocr_completed_at INTEGER,
  extract_status TEXT NOT NULL DEFAULT 'none',
  review_status TEXT,
  favorite INTEGER NOT NULL DEFAULT 0,
  uploaded_by TEXT,
  key_id TEXT,
  pdf_sha256 TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX documents_list ON documents(project_id, deleted_at, created_at DESC, id DESC);
CREATE INDEX documents_sha ON documents(sha256);
CREATE INDEX documents_pdf_sha ON documents(pdf_sha256);
CREATE UNIQUE INDEX documents_dedupe ON documents(project_id, sha256) WHERE deleted_at IS NULL;

-- Live document count per project, kept by triggers so the unfiltered list needs no COUNT(*) scan.
CREATE TABLE project_counts (
  project_id TEXT PRIMARY KEY,
  live_documents INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER documents_count_insert AFTER INSERT ON documents WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO project_counts (project_id, live_documents) VALUES (NEW.project_id, 1)
  ON CONFLICT (project_id) DO UPDATE SET live_documents = live_documents + 1;
END;
CREATE TRIGGER documents_count_delete AFTER DELETE ON documents WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE project_counts SET live_documents = live_documents - 1 WHERE project_id = OLD.project_id;
END;
CREATE TRIGGER documents_count_trash AFTER UPDATE OF deleted_at ON documents
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
  INSERT INTO project_counts (project_id, live_documents) VALUES (NEW.project_id, CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END)
  ON CONFLICT (project_id) DO UPDATE SET live_documents = live_documents + excluded.live_documents;
END;

CREATE TABLE tags (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  name TEXT NOT NULL,
  color TEXT NOT NULL DEFAULT '#3B82F6',
  description TEXT NOT NULL DEFAULT '',
  created_by TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE document_tags (
  document_id TEXT NOT NULL REFERENCES documents(id),
  tag_id TEXT NOT NULL REFERENCES tags(id),
  PRIMARY KEY (document_id, tag_id)
);
CREATE INDEX document_tags_tag ON document_tags(tag_id);

CREATE TABLE pages (
  document_id TEXT NOT NULL REFERENCES documents(id),
  page_no INTEGER NOT NULL,
  source TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  raw_text TEXT NOT NULL DEFAULT '',
  confidence REAL,
  width INTEGER,
  height INTEGER,
  layout TEXT,
  error TEXT,
  PRIMARY KEY (document_id, page_no)
);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  project_id TEXT,
  document_id TEXT,
  payload TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_at INTEGER NOT NULL,
  locked_until INTEGER,
  progress TEXT,
  last_error TEXT,
  result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX jobs_ready ON jobs(status, kind, priority DESC, run_at);
CREATE INDEX jobs_document ON jobs(document_id);

CREATE TABLE extractions (
  document_id TEXT NOT NULL REFERENCES documents(id),
  schema_key TEXT NOT NULL,
  status TEXT NOT NULL,
  result TEXT,
  edited_result TEXT,
  is_edited INTEGER NOT NULL DEFAULT 0,
  is_verified INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (document_id, schema_key)
);

CREATE TABLE records (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE INDEX records_project ON records(project_id, collection, created_at);

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  dialect TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT '[]',
  secret TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  config TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webhooks_project ON webhooks(project_id);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id),
  project_id TEXT NOT NULL,
  event TEXT NOT NULL,
  event_id TEXT NOT NULL,
  document_id TEXT,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  last_response TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  delivered_at INTEGER,
  failed_at INTEGER
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at);
CREATE INDEX webhook_deliveries_project ON webhook_deliveries(project_id, created_at);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  type TEXT NOT NULL,
  area TEXT NOT NULL,
  sub_area TEXT,
  message TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  document_id TEXT,
  key_id TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_project ON audit_log(project_id, created_at);
