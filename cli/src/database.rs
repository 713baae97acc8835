//! History kept in a database: SQLite (`sqlite:PATH`) or PostgreSQL (`postgres://...`).
//!
//! One table holds the stored evaluations of every service, keyed by project, stage, service
//! and id, in the same stored form as a history file's lines. The comparison basis is read
//! newest first with one indexed query per page, pre-selected by the verdicts the SLO admits;
//! the core still checks every row it is given. The schema carries a version and is migrated
//! forward, under a lock, by the first run that finds it behind.

use std::cell::RefCell;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use slogate::{ErrorCode, PreviousEvaluation, Verdict};

use crate::failure::Failure;
use crate::history::{free_id, is_variant_of, Record};

/// Where `--history` points.
pub enum Location {
    /// A JSON Lines file (the argument is its path).
    File,
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Location {
    /// Reads `--history`: `sqlite:PATH`, `postgres://...` / `postgresql://...`, or a file.
    pub fn parse(argument: &OsStr) -> Location {
        let Some(text) = argument.to_str() else {
            return Location::File;
        };
        if let Some(path) = text.strip_prefix("sqlite:") {
            Location::Sqlite(PathBuf::from(path.strip_prefix("//").unwrap_or(path)))
        } else if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_owned())
        } else {
            Location::File
        }
    }
}

/// The service a run's evaluations belong to.
#[derive(Clone, Debug)]
pub struct Scope {
    /// Keptn's project.
    pub project: String,
    /// Keptn's stage.
    pub stage: String,
    /// Keptn's service.
    pub service: String,
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.project, self.stage, self.service)
    }
}

/// The schema, one step per version; a database is brought to the newest version in order.
/// `{seq}` stands for the row sequence column, the one part the two databases write apart.
const MIGRATIONS: &[&str] = &["CREATE TABLE slogate_evaluations (
        seq {seq},
        project TEXT NOT NULL,
        stage TEXT NOT NULL,
        service TEXT NOT NULL,
        id TEXT NOT NULL,
        result TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        invalidated BOOLEAN NOT NULL DEFAULT FALSE,
        recorded_at BIGINT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (project, stage, service, id)
    );
    CREATE INDEX slogate_evaluations_basis
        ON slogate_evaluations (project, stage, service, result, seq DESC)
        WHERE NOT invalidated;"];

/// The row sequence column in SQLite and in PostgreSQL.
const SQLITE_SEQ: &str = "INTEGER PRIMARY KEY AUTOINCREMENT";
const POSTGRES_SEQ: &str = "BIGSERIAL PRIMARY KEY";

/// Any key of PostgreSQL's advisory locks, the same for every slogate run.
const MIGRATION_LOCK: i64 = 0x0073_6c6f_6761_7465;

/// Rows read per query when a listing or the comparison basis needs more.
const PAGE: i64 = 256;

/// A statement parameter, bound as each database binds it.
enum Param<'a> {
    Text(&'a str),
    Int(i64),
    Real(f64),
    Bool(bool),
}

enum Connection {
    Sqlite(rusqlite::Connection),
    Postgres(RefCell<postgres::Client>),
}

/// An open history database, scoped to one service.
pub struct Database {
    connection: Connection,
    scope: Scope,
    /// How the database is named in messages (a URL without its password).
    label: String,
}

/// The columns a page query returns.
struct Row {
    seq: i64,
    body: String,
}

/// A row of a query's result, read from either database.
trait FromRow: Sized {
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
    fn from_postgres(row: &postgres::Row) -> Result<Self, postgres::Error>;
}

impl FromRow for Row {
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Row {
            seq: row.get(0)?,
            body: row.get(1)?,
        })
    }

    fn from_postgres(row: &postgres::Row) -> Result<Self, postgres::Error> {
        Ok(Row {
            seq: row.try_get(0)?,
            body: row.try_get(1)?,
        })
    }
}

/// A query of one text column.
impl FromRow for String {
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        row.get(0)
    }

    fn from_postgres(row: &postgres::Row) -> Result<Self, postgres::Error> {
        row.try_get(0)
    }
}

/// The parameters as SQLite binds them (a boolean as 0 or 1).
fn sqlite_params<'p>(
    params: &'p [Param<'_>],
) -> rusqlite::ParamsFromIter<impl Iterator<Item = rusqlite::types::Value> + 'p> {
    rusqlite::params_from_iter(params.iter().map(|param| match *param {
        Param::Text(text) => rusqlite::types::Value::Text(text.to_owned()),
        Param::Int(n) => rusqlite::types::Value::Integer(n),
        Param::Real(x) => rusqlite::types::Value::Real(x),
        Param::Bool(b) => rusqlite::types::Value::Integer(i64::from(b)),
    }))
}

/// The parameters as PostgreSQL binds them.
fn postgres_params<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|param| match param {
            Param::Text(text) => text as &(dyn postgres::types::ToSql + Sync),
            Param::Int(n) => n,
            Param::Real(x) => x,
            Param::Bool(b) => b,
        })
        .collect()
}

fn sql_failure(label: &str, action: &str, error: &dyn std::fmt::Display) -> Failure {
    Failure::new(
        ErrorCode::IoError,
        format!("history database {label}: cannot {action}: {error}"),
    )
}

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The URL as it may be shown: without a password.
fn redact(url: &str) -> String {
    // Query parameters may carry a password too: none is shown.
    let url = url.split_once('?').map_or(url, |(before, _)| before);
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let Some((credentials, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = credentials.split_once(':').map_or(credentials, |(u, _)| u);
    format!("{scheme}://{user}@{host}{tail}")
}

impl Database {
    /// Connects, and creates or migrates the schema.
    pub fn open(location: &Location, scope: Scope) -> Result<Database, Failure> {
        let (connection, label) = match location {
            Location::Sqlite(path) => {
                let label = format!("sqlite:{}", path.display());
                let connection = rusqlite::Connection::open(path)
                    .map_err(|e| sql_failure(&label, "open the database", &e))?;
                connection
                    .busy_timeout(Duration::from_secs(60))
                    .and_then(|()| connection.pragma_update(None, "journal_mode", "WAL"))
                    .and_then(|()| connection.pragma_update(None, "synchronous", "FULL"))
                    .map_err(|e| sql_failure(&label, "configure the database", &e))?;
                (Connection::Sqlite(connection), label)
            }
            Location::Postgres(url) => {
                let label = redact(url);
                let mut config: postgres::Config = url
                    .parse()
                    .map_err(|e| sql_failure(&label, "read the connection URL", &e))?;
                if config.get_password().is_none() {
                    if let Ok(password) = std::env::var("PGPASSWORD") {
                        config.password(password);
                    }
                }
                if config.get_connect_timeout().is_none() {
                    config.connect_timeout(Duration::from_secs(10));
                }
                let client = config
                    .connect(postgres::NoTls)
                    .map_err(|e| sql_failure(&label, "connect", &e))?;
                (Connection::Postgres(RefCell::new(client)), label)
            }
            Location::File => {
                return Err(Failure::usage("a history file is not a database"));
            }
        };
        let database = Database {
            connection,
            scope,
            label,
        };
        database.migrate()?;
        Ok(database)
    }

    /// How the database and scope are named in messages.
    pub fn label(&self) -> String {
        format!("{} ({})", self.label, self.scope)
    }

    fn fail(&self, action: &str, error: &dyn std::fmt::Display) -> Failure {
        sql_failure(&self.label, action, error)
    }

    /// Brings the schema to the newest version, under a lock so concurrent first runs apply
    /// each step once.
    fn migrate(&self) -> Result<(), Failure> {
        let newest = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        let too_new = |found: i64| {
            Failure::new(
                ErrorCode::InvalidInput,
                format!(
                "history database {}: its schema is at version {found}, newer than this slogate \
                 knows ({newest}); upgrade slogate",
                self.label
            ),
            )
        };
        match &self.connection {
            Connection::Sqlite(connection) => {
                let run = || -> rusqlite::Result<Option<i64>> {
                    let transaction = rusqlite::Transaction::new_unchecked(
                        connection,
                        rusqlite::TransactionBehavior::Immediate,
                    )?;
                    transaction.execute_batch(
                        "CREATE TABLE IF NOT EXISTS slogate_schema_migrations (
                            version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
                    )?;
                    let current: i64 = transaction.query_row(
                        "SELECT COALESCE(MAX(version), 0) FROM slogate_schema_migrations",
                        [],
                        |row| row.get(0),
                    )?;
                    if current > newest {
                        return Ok(Some(current));
                    }
                    for (version, sql) in (1..).zip(MIGRATIONS) {
                        if version > current {
                            transaction.execute_batch(&sql.replace("{seq}", SQLITE_SEQ))?;
                            transaction.execute(
                                "INSERT INTO slogate_schema_migrations VALUES (?1, ?2)",
                                (version, now_seconds()),
                            )?;
                        }
                    }
                    transaction.commit()?;
                    Ok(None)
                };
                match run() {
                    Ok(None) => Ok(()),
                    Ok(Some(found)) => Err(too_new(found)),
                    Err(e) => Err(self.fail("prepare its schema", &e)),
                }
            }
            Connection::Postgres(client) => {
                let mut client = client.borrow_mut();
                let run = |client: &mut postgres::Client| -> Result<Option<i64>, postgres::Error> {
                    let mut transaction = client.transaction()?;
                    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
                    transaction.batch_execute(
                        "CREATE TABLE IF NOT EXISTS slogate_schema_migrations (
                            version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                    )?;
                    let current: i64 = transaction
                        .query_one(
                            "SELECT COALESCE(MAX(version), 0) FROM slogate_schema_migrations",
                            &[],
                        )?
                        .get(0);
                    if current > newest {
                        return Ok(Some(current));
                    }
                    for (version, sql) in (1..).zip(MIGRATIONS) {
                        if version > current {
                            transaction.batch_execute(&sql.replace("{seq}", POSTGRES_SEQ))?;
                            transaction.execute(
                                "INSERT INTO slogate_schema_migrations VALUES ($1, $2)",
                                &[&version, &now_seconds()],
                            )?;
                        }
                    }
                    transaction.commit()?;
                    Ok(None)
                };
                match run(&mut client) {
                    Ok(None) => Ok(()),
                    Ok(Some(found)) => Err(too_new(found)),
                    Err(e) => Err(self.fail("prepare its schema", &e)),
                }
            }
        }
    }

    /// One page of the scope's rows: newest first before `before`, or oldest first after
    /// `after`; `admitted` keeps only rows that are not invalidated and have one of those
    /// verdicts.
    fn page(
        &self,
        admitted: Option<&[Verdict]>,
        newest_first: bool,
        bound: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Row>, Failure> {
        let (compare, order) = if newest_first {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        let select = |filter: &str| {
            format!(
                "SELECT seq, body FROM slogate_evaluations \
                 WHERE project = $1 AND stage = $2 AND service = $3{filter} AND seq {compare} $4 \
                 ORDER BY seq {order} LIMIT $5"
            )
        };
        let sql = match admitted {
            None => select(""),
            Some([]) => return Ok(Vec::new()),
            // One ordered, limited scan of the basis index per admitted verdict, merged: the
            // index gives rows in `seq` order for one verdict at a time, and with an `IN` list
            // of several PostgreSQL read and sorted every row of the scope instead. The
            // verdict names are the core's fixed words, never input: safe inside the text.
            Some(verdicts) => {
                let scans: Vec<String> = verdicts
                    .iter()
                    .enumerate()
                    .map(|(n, verdict)| {
                        let filter =
                            format!(" AND NOT invalidated AND result = '{}'", verdict.as_str());
                        format!("SELECT seq, body FROM ({}) AS scan{n}", select(&filter))
                    })
                    .collect();
                format!(
                    "{} ORDER BY seq {order} LIMIT $5",
                    scans.join(" UNION ALL ")
                )
            }
        };
        let bound = bound.unwrap_or(if newest_first { i64::MAX } else { i64::MIN });
        self.query(
            "read stored evaluations",
            &sql,
            &[
                Param::Text(&self.scope.project),
                Param::Text(&self.scope.stage),
                Param::Text(&self.scope.service),
                Param::Int(bound),
                Param::Int(limit),
            ],
        )
    }

    fn decode(&self, row: &Row) -> Result<PreviousEvaluation, Failure> {
        PreviousEvaluation::from_json(&row.body).map_err(|e| {
            let why = e
                .problems()
                .first()
                .map_or_else(String::new, |p| format!(": {}", p.message()));
            Failure::new(
                ErrorCode::InvalidInput,
                format!(
                    "history database {}: the stored evaluation in row {} cannot be read{why}",
                    self.label, row.seq
                ),
            )
        })
    }

    /// The scope's stored evaluations, newest first, read a page at a time: the first page
    /// holds `wanted` rows, so the usual comparison basis is one indexed query. `admitted`
    /// pre-selects the rows that may form the basis.
    pub fn newest_first<'d>(
        &'d self,
        admitted: Option<&'d [Verdict]>,
        wanted: usize,
    ) -> impl Iterator<Item = Result<PreviousEvaluation, Failure>> + 'd {
        let mut limit = i64::try_from(wanted.clamp(1, 10_000)).unwrap_or(PAGE);
        let mut buffer: std::vec::IntoIter<Row> = Vec::new().into_iter();
        let mut before: Option<i64> = None;
        let mut done = false;
        std::iter::from_fn(move || loop {
            if let Some(row) = buffer.next() {
                before = Some(row.seq);
                return Some(self.decode(&row));
            }
            if done {
                return None;
            }
            match self.page(admitted, true, before, limit) {
                Ok(rows) => {
                    done = i64::try_from(rows.len()).unwrap_or(i64::MAX) < limit;
                    buffer = rows.into_iter();
                    limit = PAGE;
                }
                Err(e) => {
                    done = true;
                    return Some(Err(e));
                }
            }
        })
    }

    /// Visits every stored evaluation of the scope, oldest first, a page at a time; returns
    /// how many were visited.
    pub fn scan(
        &self,
        visit: &mut dyn FnMut(Record) -> std::ops::ControlFlow<()>,
    ) -> Result<usize, Failure> {
        let mut after = None;
        let mut count = 0;
        loop {
            let rows = self.page(None, false, after, PAGE)?;
            let last_page = i64::try_from(rows.len()).unwrap_or(i64::MAX) < PAGE;
            for row in rows {
                after = Some(row.seq);
                let entry = self.decode(&row)?;
                count += 1;
                if visit(Record {
                    raw: row.body,
                    entry,
                })
                .is_break()
                {
                    return Ok(count);
                }
            }
            if last_page {
                return Ok(count);
            }
        }
    }

    /// The stored evaluation `id`, if the scope holds it.
    pub fn find(&self, id: &str) -> Result<Option<Record>, Failure> {
        let body: Option<String> = self
            .query(
                "read a stored evaluation",
                "SELECT body FROM slogate_evaluations \
                 WHERE project = $1 AND stage = $2 AND service = $3 AND id = $4",
                &[
                    Param::Text(&self.scope.project),
                    Param::Text(&self.scope.stage),
                    Param::Text(&self.scope.service),
                    Param::Text(id),
                ],
            )?
            .into_iter()
            .next();
        body.map(|body| {
            let entry = self.decode(&Row {
                seq: 0,
                body: body.clone(),
            })?;
            Ok(Record { raw: body, entry })
        })
        .transpose()
    }

    /// The ids of the scope's newest evaluations, for a message about an unknown id.
    pub fn newest_ids(&self, count: usize) -> Vec<String> {
        self.newest_first(None, count)
            .take(count)
            .filter_map(|entry| entry.ok().and_then(|e| e.id))
            .collect()
    }

    /// The ids equal to `base` or of the form `base-N`.
    fn ids_like(&self, base: &str) -> Result<HashSet<String>, Failure> {
        let pattern = format!(
            "{}-%",
            base.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let ids: Vec<String> = self.query(
            "read stored ids",
            "SELECT id FROM slogate_evaluations WHERE project = $1 AND stage = $2 \
             AND service = $3 AND (id = $4 OR id LIKE $5 ESCAPE '\\')",
            &[
                Param::Text(&self.scope.project),
                Param::Text(&self.scope.stage),
                Param::Text(&self.scope.service),
                Param::Text(base),
                Param::Text(&pattern),
            ],
        )?;
        Ok(ids
            .into_iter()
            .filter(|stored| is_variant_of(base, stored))
            .collect())
    }

    /// Inserts one row unless its id is taken; returns whether it was inserted.
    fn insert(&self, stored: &PreviousEvaluation) -> Result<bool, Failure> {
        let body = stored.to_json();
        let inserted = self.execute(
            "store the evaluation",
            "INSERT INTO slogate_evaluations \
             (project, stage, service, id, result, score, invalidated, recorded_at, body) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
            &[
                Param::Text(&self.scope.project),
                Param::Text(&self.scope.stage),
                Param::Text(&self.scope.service),
                Param::Text(stored.id.as_deref().unwrap_or_default()),
                Param::Text(stored.evaluation.result().as_str()),
                Param::Real(stored.evaluation.score()),
                Param::Bool(stored.invalidated),
                Param::Int(now_seconds()),
                Param::Text(&body),
            ],
        )?;
        Ok(inserted > 0)
    }

    /// Runs one statement written with PostgreSQL's `$N` placeholders (SQLite reads them as
    /// `?N`); returns how many rows it changed.
    fn execute(&self, action: &str, sql: &str, params: &[Param<'_>]) -> Result<u64, Failure> {
        match &self.connection {
            Connection::Sqlite(connection) => connection
                .execute(&sql.replace('$', "?"), sqlite_params(params))
                .map(|n| u64::try_from(n).unwrap_or(u64::MAX))
                .map_err(|e| self.fail(action, &e)),
            Connection::Postgres(client) => client
                .borrow_mut()
                .execute(sql, &postgres_params(params))
                .map_err(|e| self.fail(action, &e)),
        }
    }

    /// Runs one query written with PostgreSQL's `$N` placeholders (SQLite reads them as
    /// `?N`, and keeps the statement prepared); returns its rows.
    fn query<T: FromRow>(
        &self,
        action: &str,
        sql: &str,
        params: &[Param<'_>],
    ) -> Result<Vec<T>, Failure> {
        match &self.connection {
            Connection::Sqlite(connection) => {
                let run = || -> rusqlite::Result<Vec<T>> {
                    let mut statement = connection.prepare_cached(&sql.replace('$', "?"))?;
                    let rows = statement.query_map(sqlite_params(params), T::from_sqlite)?;
                    rows.collect()
                };
                run().map_err(|e| self.fail(action, &e))
            }
            Connection::Postgres(client) => client
                .borrow_mut()
                .query(sql, &postgres_params(params))
                .and_then(|rows| rows.iter().map(T::from_postgres).collect())
                .map_err(|e| self.fail(action, &e)),
        }
    }

    /// Stores `evaluation` under `id`, or under a new id built from `base` the way a history
    /// file does (`base`, `base-2`, ...). Concurrent writers never overwrite each other: a
    /// taken id is seen by the database's unique key, and a generated one is chosen again.
    pub fn record(
        &self,
        id: Option<&str>,
        base: &str,
        evaluation: &slogate::Evaluation,
    ) -> Result<String, Failure> {
        if let Some(id) = id {
            let stored = PreviousEvaluation::new(id, evaluation.clone());
            return if self.insert(&stored)? {
                Ok(id.to_owned())
            } else {
                Err(Failure::usage(format!(
                    "the id '{id}' is already used in {}; choose another with --id",
                    self.label()
                )))
            };
        }
        for _ in 0..64 {
            let taken = self.ids_like(base)?;
            let candidate = free_id(base, &taken);
            let stored = PreviousEvaluation::new(candidate.clone(), evaluation.clone());
            if self.insert(&stored)? {
                return Ok(candidate);
            }
        }
        Err(Failure::new(
            ErrorCode::IoError,
            format!(
            "history database {}: no free id after 64 attempts for '{base}'; give one with --id",
            self.label()
        ),
        ))
    }

    /// Imports stored evaluations, keeping their ids; returns how many were new. An id the
    /// scope already holds is skipped (so an import may be repeated).
    pub fn import(&self, entries: &[PreviousEvaluation]) -> Result<usize, Failure> {
        if entries.iter().any(|entry| entry.id.is_none()) {
            return Err(Failure::usage(
                "a stored evaluation without an id cannot be imported into a database",
            ));
        }
        // One transaction: all or nothing, and one sync rather than one per row.
        self.plain(match self.connection {
            Connection::Sqlite(_) => "BEGIN IMMEDIATE",
            Connection::Postgres(_) => "BEGIN",
        })?;
        let mut added = 0;
        for entry in entries {
            match self.insert(entry) {
                Ok(true) => added += 1,
                Ok(false) => {}
                Err(e) => {
                    let _ = self.plain("ROLLBACK");
                    return Err(e);
                }
            }
        }
        self.plain("COMMIT")?;
        Ok(added)
    }

    /// Runs a statement without parameters or rows.
    fn plain(&self, sql: &str) -> Result<(), Failure> {
        match &self.connection {
            Connection::Sqlite(connection) => connection
                .execute_batch(sql)
                .map_err(|e| self.fail("import", &e)),
            Connection::Postgres(client) => client
                .borrow_mut()
                .batch_execute(sql)
                .map_err(|e| self.fail("import", &e)),
        }
    }

    /// Marks `id` invalidated; returns whether it already was.
    pub fn invalidate(&self, mut record: Record) -> Result<bool, Failure> {
        if record.entry.invalidated {
            return Ok(true);
        }
        record.entry.invalidated = true;
        let body = record.entry.to_json();
        let id = record.entry.id.unwrap_or_default();
        self.execute(
            "invalidate the evaluation",
            "UPDATE slogate_evaluations SET invalidated = TRUE, body = $5 \
             WHERE project = $1 AND stage = $2 AND service = $3 AND id = $4",
            &[
                Param::Text(&self.scope.project),
                Param::Text(&self.scope.stage),
                Param::Text(&self.scope.service),
                Param::Text(&id),
                Param::Text(&body),
            ],
        )?;
        Ok(false)
    }

    /// Deletes all but the newest `keep` evaluations of the scope; returns (kept, before).
    pub fn compact(&self, keep: usize) -> Result<(usize, usize), Failure> {
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        let count_sql = "SELECT COUNT(*) FROM slogate_evaluations \
                         WHERE project = $1 AND stage = $2 AND service = $3";
        let delete_sql = "DELETE FROM slogate_evaluations \
             WHERE project = $1 AND stage = $2 AND service = $3 AND seq NOT IN \
             (SELECT seq FROM slogate_evaluations \
              WHERE project = $1 AND stage = $2 AND service = $3 ORDER BY seq DESC LIMIT $4)";
        let scope = (&self.scope.project, &self.scope.stage, &self.scope.service);
        let (before, deleted): (i64, i64) = match &self.connection {
            Connection::Sqlite(connection) => {
                let run = || -> rusqlite::Result<(i64, i64)> {
                    let transaction = rusqlite::Transaction::new_unchecked(
                        connection,
                        rusqlite::TransactionBehavior::Immediate,
                    )?;
                    let before =
                        transaction
                            .query_row(&count_sql.replace('$', "?"), scope, |row| row.get(0))?;
                    let deleted = transaction.execute(
                        &delete_sql.replace('$', "?"),
                        (scope.0, scope.1, scope.2, keep),
                    )?;
                    transaction.commit()?;
                    Ok((before, i64::try_from(deleted).unwrap_or(i64::MAX)))
                };
                run().map_err(|e| self.fail("compact the history", &e))?
            }
            Connection::Postgres(client) => {
                let mut client = client.borrow_mut();
                let run = |client: &mut postgres::Client| -> Result<(i64, i64), postgres::Error> {
                    let mut transaction = client.transaction()?;
                    let before: i64 = transaction
                        .query_one(count_sql, &[scope.0, scope.1, scope.2])?
                        .get(0);
                    let deleted =
                        transaction.execute(delete_sql, &[scope.0, scope.1, scope.2, &keep])?;
                    transaction.commit()?;
                    Ok((before, i64::try_from(deleted).unwrap_or(i64::MAX)))
                };
                run(&mut client).map_err(|e| self.fail("compact the history", &e))?
            }
        };
        let as_usize = |n: i64| usize::try_from(n).unwrap_or(0);
        Ok((as_usize(before - deleted), as_usize(before)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_history_argument() {
        assert!(matches!(
            Location::parse(OsStr::new("sqlite:/tmp/h.db")),
            Location::Sqlite(p) if p == std::path::Path::new("/tmp/h.db")
        ));
        assert!(matches!(
            Location::parse(OsStr::new("sqlite://rel/h.db")),
            Location::Sqlite(p) if p == std::path::Path::new("rel/h.db")
        ));
        assert!(matches!(
            Location::parse(OsStr::new("postgresql://u@h/db")),
            Location::Postgres(_)
        ));
        assert!(matches!(
            Location::parse(OsStr::new("history.jsonl")),
            Location::File
        ));
    }

    #[test]
    fn never_shows_a_password() {
        assert_eq!(
            redact("postgres://gate:s3cret@db.example:5432/ci?password=other"),
            "postgres://gate@db.example:5432/ci"
        );
        assert_eq!(redact("postgres://db/ci"), "postgres://db/ci");
        assert_eq!(redact("postgres://db/ci?password=x"), "postgres://db/ci");
    }
}
