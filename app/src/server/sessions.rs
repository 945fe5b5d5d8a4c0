//! Server-side sessions in the application database, through tower-sessions' own stores.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::sqlx::{PgPool, SqlitePool};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::db::Backend;

/// The session store for whichever engine the application runs on.
#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// Connects the store to the application database and creates its table.
    pub async fn open(url: &str) -> Result<Sessions, sqlx::Error> {
        let sessions = match Backend::of_url(url) {
            Some(Backend::Postgres) => {
                let pool = PgPool::connect(url).await?;
                Sessions::Postgres(PostgresStore::new(pool))
            }
            Some(Backend::Sqlite) => {
                let pool = SqlitePool::connect(url).await?;
                Sessions::Sqlite(SqliteStore::new(pool))
            }
            None => return Err(sqlx::Error::Configuration("unsupported database URL".into())),
        };
        match &sessions {
            Sessions::Sqlite(store) => store.migrate().await?,
            Sessions::Postgres(store) => store.migrate().await?,
        }
        Ok(sessions)
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
