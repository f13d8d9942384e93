/**
 * The state schema, as numbered migrations. A store applies the ones its
 * database lacks, in order, inside one transaction, and records the version
 * reached in `meta`. The SQL is plain enough for SQLite and PostgreSQL.
 */
export const STATE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    plan_hash TEXT NOT NULL,
    target TEXT NOT NULL,
    user_name TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL
  );
  CREATE TABLE state_lock (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    lock_id TEXT NOT NULL,
    holder TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    since TEXT NOT NULL,
    command TEXT NOT NULL
  );
  CREATE TABLE checkpoints (
    run_id INTEGER NOT NULL,
    object TEXT NOT NULL,
    last_key TEXT,
    row_count INTEGER NOT NULL,
    done INTEGER NOT NULL,
    PRIMARY KEY (run_id, object)
  );
  CREATE TABLE records (
    object TEXT NOT NULL,
    external_id TEXT NOT NULL,
    res_id INTEGER NOT NULL,
    hash TEXT,
    link_hash TEXT,
    created_run INTEGER,
    updated_run INTEGER NOT NULL,
    PRIMARY KEY (object, external_id)
  );
  CREATE TABLE create_journal (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    object TEXT NOT NULL,
    model TEXT NOT NULL,
    external_ids TEXT NOT NULL,
    hashes TEXT NOT NULL,
    res_ids TEXT,
    max_id_before INTEGER NOT NULL,
    state TEXT NOT NULL
  );
  CREATE INDEX create_journal_run ON create_journal (run_id, state);
  CREATE TABLE pre_images (
    run_id INTEGER NOT NULL,
    object TEXT NOT NULL,
    model TEXT NOT NULL,
    res_id INTEGER NOT NULL,
    external_id TEXT NOT NULL,
    field_values TEXT NOT NULL,
    adopted INTEGER NOT NULL,
    restored INTEGER NOT NULL,
    PRIMARY KEY (run_id, model, res_id)
  );
  CREATE TABLE created_fields (
    run_id INTEGER NOT NULL,
    model TEXT NOT NULL,
    name TEXT NOT NULL,
    dropped INTEGER NOT NULL,
    PRIMARY KEY (run_id, model, name)
  );
  CREATE TABLE redirects (
    object TEXT NOT NULL,
    source_key TEXT NOT NULL,
    kept_key TEXT NOT NULL,
    PRIMARY KEY (object, source_key)
  );
  CREATE TABLE watermarks (
    object TEXT PRIMARY KEY,
    column_name TEXT NOT NULL,
    value TEXT NOT NULL
  );
  CREATE TABLE pending_watermarks (
    run_id INTEGER NOT NULL,
    object TEXT NOT NULL,
    column_name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, object)
  );
  `,
];

export const STATE_SCHEMA_VERSION = STATE_MIGRATIONS.length;
