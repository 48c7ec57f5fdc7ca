// The store's schema, as numbered migrations: MIGRATIONS[n - 1] takes the database from version n - 1 to n
// (PRAGMA user_version). Append only; never edit a migration that has shipped.
export const MIGRATIONS: readonly string[] = [
  // 1: scenarios, their versions (instance + plan, who/when/what), and the jobs run on them
  `
  CREATE TABLE scenarios (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    school TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE versions (
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    author TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    instance TEXT NOT NULL,
    schedule TEXT,
    solve_status TEXT,
    PRIMARY KEY (scenario_id, number)
  );
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    author TEXT NOT NULL,
    params TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    error TEXT,
    result_version INTEGER,
    result TEXT
  );
  CREATE INDEX jobs_by_scenario ON jobs (scenario_id, created_at);
  CREATE INDEX jobs_by_status ON jobs (status);
  `,
];
