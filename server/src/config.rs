//! Settings: command-line flags, then `STATIONDESK_*` variables, then an optional TOML file,
//! then defaults. Loaded once; a bad value stops start-up with a message.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Every setting, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite:…` or `postgres://…`; default: `sqlite:<data_dir>/stationdesk.db?mode=rwc`.
    pub database_url: String,
    /// Folder for the SQLite file; default `data`.
    pub data_dir: PathBuf,
    /// Address to listen on; default `127.0.0.1:3000`.
    pub bind: SocketAddr,
    /// Folder with the built site (`pkg/`, assets); default `target/site`.
    pub site_root: String,
    /// Mark cookies `Secure` (serve over HTTPS); default false.
    pub secure_cookies: bool,
    /// Pool size; default 8.
    pub max_connections: u32,
    /// Log filter (tracing `EnvFilter` syntax); default `info`.
    pub log: String,
    /// `text` or `json`; default `text`.
    pub log_format: String,
}

/// The optional TOML file: the same settings, all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub bind: Option<String>,
    pub site_root: Option<String>,
    pub secure_cookies: Option<bool>,
    pub max_connections: Option<u32>,
    pub log: Option<String>,
    pub log_format: Option<String>,
}

/// What came from flags and the environment (clap reads both).
#[derive(Debug, Default, Clone, clap::Args)]
pub struct SettingsArgs {
    /// Optional TOML file with any of the settings below.
    #[arg(long, env = "STATIONDESK_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite:path?mode=rwc or postgres://user:pass@host/db.
    #[arg(long, env = "STATIONDESK_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite database file [default: data].
    #[arg(long, env = "STATIONDESK_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:3000].
    #[arg(long, env = "STATIONDESK_BIND", global = true)]
    pub bind: Option<String>,
    /// Folder with the built site [default: target/site].
    #[arg(long, env = "STATIONDESK_SITE_ROOT", global = true)]
    pub site_root: Option<String>,
    /// Mark cookies Secure, for HTTPS [default: false].
    #[arg(long, env = "STATIONDESK_SECURE_COOKIES", global = true)]
    pub secure_cookies: Option<bool>,
    /// Database pool size [default: 8].
    #[arg(long, env = "STATIONDESK_MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<u32>,
    /// Log filter, e.g. info or stationdesk=debug [default: info].
    #[arg(long, env = "STATIONDESK_LOG", global = true)]
    pub log: Option<String>,
    /// Log format: text or json [default: text].
    #[arg(long, env = "STATIONDESK_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
}

impl SettingsArgs {
    /// Merges flags/environment over the file over the defaults, checking every value.
    pub fn resolve(&self) -> Result<Settings, String> {
        let file = match &self.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        let data_dir = self.data_dir.clone().or(file.data_dir).unwrap_or_else(|| "data".into());
        let database_url = self.database_url.clone().or(file.database_url).unwrap_or_else(|| {
            format!("sqlite:{}?mode=rwc", data_dir.join("stationdesk.db").display())
        });
        if app::server::db::Backend::of_url(&database_url).is_none() {
            return Err("database URL must start with sqlite: or postgres://".into());
        }
        let bind_text = self.bind.clone().or(file.bind).unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind = bind_text
            .parse()
            .map_err(|_| format!("bind address {bind_text:?} is not host:port"))?;
        let max_connections = self.max_connections.or(file.max_connections).unwrap_or(8);
        if !(1..=200).contains(&max_connections) {
            return Err("max connections must be between 1 and 200".into());
        }
        let log_format =
            self.log_format.clone().or(file.log_format).unwrap_or_else(|| "text".into());
        if !matches!(log_format.as_str(), "text" | "json") {
            return Err("log format must be text or json".into());
        }
        Ok(Settings {
            database_url,
            data_dir,
            bind,
            site_root: self
                .site_root
                .clone()
                .or(file.site_root)
                .unwrap_or_else(|| "target/site".into()),
            secure_cookies: self.secure_cookies.or(file.secure_cookies).unwrap_or(false),
            max_connections,
            log: self.log.clone().or(file.log).unwrap_or_else(|| "info".into()),
            log_format,
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read config file {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("config file {}: {e}", path.display()))
}
