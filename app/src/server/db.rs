//! The database: one pool over SQLite or PostgreSQL, migrations, and write transactions.

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Executor, Transaction};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engine named by a database URL, if it is one we support.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// The application's pool; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

pub type Tx = Transaction<'static, Any>;

impl Db {
    /// Opens a pool for `url` (`sqlite:path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = Backend::of_url(url)
            .ok_or_else(|| sqlx::Error::Configuration("unsupported database URL".into()))?;
        let options = AnyPoolOptions::new().max_connections(max_connections);
        let options = match backend {
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                         PRAGMA synchronous = NORMAL;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(url).await?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        Ok(Db { pool, backend })
    }

    /// Brings the schema up to date; a failure stops start-up.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that intends to write: on SQLite it takes the write lock up front, so
    /// two writers queue instead of failing when the first read upgrades to a write.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// True when `error` is a unique-constraint violation, on either engine.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}
