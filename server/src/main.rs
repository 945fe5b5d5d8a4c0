//! `stationdesk`: serve the application, migrate, load the demo station, manage users.

use clap::{Parser, Subcommand};
use server::config::{Settings, SettingsArgs};
use std::io::BufRead;
use std::time::Instant;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "stationdesk", version, about = "Runs a neighbourhood service station.")]
struct Cli {
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve {
        /// Load the demo station when the database has no users yet.
        #[arg(long, env = "STATIONDESK_DEMO")]
        demo: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the demo station, or reset its accounts' passwords if it is already there.
    Demo {
        /// How many demo subscribers to generate.
        #[arg(long, default_value_t = 300)]
        subscribers: usize,
    },
    /// Import calls and orders from a CSV (UTF-8 or GBK) or .xlsx file into a station.
    ImportOrders {
        /// The station to import into.
        #[arg(long, default_value_t = 1)]
        station_id: i64,
        /// The file; its first row is the header (see the README).
        file: std::path::PathBuf,
    },
    /// Replay a week of St. Louis 311 requests (the embedded 2018-01-01..07 file, or FILE
    /// in the same format) into a station's call log and orders, moved to a recent week.
    Replay311 {
        /// The station to replay into.
        #[arg(long, default_value_t = 1)]
        station_id: i64,
        /// The Monday the week lands on (default: last week's Monday, Shanghai time).
        #[arg(long)]
        week_of: Option<chrono::NaiveDate>,
        /// A file in the published format instead of the embedded week.
        file: Option<std::path::PathBuf>,
    },
    /// Create an administrator or reset a password; the password is read from standard input.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an administrator account.
    CreateAdmin {
        /// The administrator's 11-digit mobile number (their sign-in name).
        #[arg(long)]
        mobile: String,
        /// The administrator's name.
        #[arg(long)]
        name: String,
    },
    /// Set a new password for an account and sign it out everywhere.
    ResetPassword {
        /// The account's mobile number.
        #[arg(long)]
        mobile: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let settings = match cli.settings.resolve() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("stationdesk: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    if let Err(message) = init_tracing(&settings) {
        eprintln!("stationdesk: {message}");
        return std::process::ExitCode::from(2);
    }
    let result = match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(&settings, demo).await,
        Command::Migrate => migrate(&settings).await,
        Command::Demo { subscribers } => demo(&settings, subscribers).await,
        Command::ImportOrders { station_id, file } => {
            import_orders(&settings, station_id, &file).await
        }
        Command::Replay311 { station_id, week_of, file } => {
            replay_311(&settings, station_id, week_of, file.as_deref()).await
        }
        Command::User(command) => user(&settings, command).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("stationdesk: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_tracing(settings: &Settings) -> Result<(), String> {
    let filter = EnvFilter::try_new(&settings.log)
        .map_err(|e| format!("log filter {:?} is not valid: {e}", settings.log))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if settings.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
    Ok(())
}

async fn serve(settings: &Settings, demo: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = server::open_database(&settings.database_url, settings.max_connections).await?;
    if demo && !has_users(&db).await? {
        app::server::demo::load(&db, 300, true).await.map_err(|e| anyhow::anyhow!("demo: {e}"))?;
    }
    let options = server::site_options(&settings.site_root, settings.bind);
    let state = server::state(db.clone(), options, settings.secure_cookies);
    let hub = state.hub.clone();
    tokio::spawn(app::server::ticker::run(state.clone()));
    let router = server::app(state, &settings.database_url).await?;
    let listener = tokio::net::TcpListener::bind(settings.bind).await?;
    tracing::info!(
        address = %settings.bind,
        started_ms = started.elapsed().as_millis() as u64,
        "Stationdesk is listening on http://{}",
        settings.bind
    );
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            tracing::info!("shutting down: finishing requests in flight");
            hub.close();
        })
        .await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

async fn has_users(db: &app::server::db::Db) -> anyhow::Result<bool> {
    use sqlx::Row;
    let row = sqlx::query("SELECT COUNT(*) FROM users").fetch_one(db.pool()).await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    server::open_database(&settings.database_url, 2).await?;
    println!("database is up to date");
    Ok(())
}

async fn demo(settings: &Settings, subscribers: usize) -> anyhow::Result<()> {
    let db = server::open_database(&settings.database_url, 2).await?;
    let loaded = app::server::demo::load(&db, subscribers, true)
        .await
        .map_err(|e| anyhow::anyhow!("demo: {e}"))?;
    if loaded {
        println!(
            "demo station loaded; every demo account's password is {}",
            app::server::demo::DEMO_PASSWORD
        );
    } else {
        println!("demo station already present; demo accounts reactivated and passwords reset");
    }
    Ok(())
}

async fn import_orders(
    settings: &Settings,
    station_id: i64,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let db = server::open_database(&settings.database_url, 2).await?;
    let bytes = std::fs::read(file)?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let by = app::server::audit::Author { user_id: None, client_addr: "command line" };
    let report = app::server::order_import::import_into(&db, station_id, by, &name, &bytes)
        .await
        .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
    for error in &report.errors {
        eprintln!("line {}: {} {}", error.line, error.code, error.value);
    }
    if report.errors.is_empty() {
        println!("{} rows imported, {} already there", report.imported, report.skipped);
        Ok(())
    } else {
        anyhow::bail!("{} bad rows: nothing imported", report.errors.len())
    }
}

async fn replay_311(
    settings: &Settings,
    station_id: i64,
    week_of: Option<chrono::NaiveDate>,
    file: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use chrono::Datelike;
    let db = server::open_database(&settings.database_url, 2).await?;
    let today = app::domain::shanghai::business_date(chrono::Utc::now());
    let monday = week_of.unwrap_or_else(|| app::domain::board::last_week(today).0);
    anyhow::ensure!(monday.weekday() == chrono::Weekday::Mon, "--week-of must be a Monday");
    let text = match file {
        Some(path) => std::fs::read_to_string(path)?,
        None => app::server::replay::WEEK.to_owned(),
    };
    let done = app::server::replay::replay(&db, station_id, &text, monday)
        .await
        .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
    println!(
        "{} orders replayed from {monday} ({} completed, {} cancelled, {} still open); {} rows skipped",
        done.orders, done.completed, done.cancelled, done.open, done.skipped
    );
    Ok(())
}

async fn user(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let db = server::open_database(&settings.database_url, 2).await?;
    let password = read_password()?;
    match command {
        UserCommand::CreateAdmin { mobile, name } => {
            app::server::users::create_admin(&db, &mobile, &name, password)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            println!("administrator created");
        }
        UserCommand::ResetPassword { mobile } => {
            app::server::users::reset_password_by_mobile(&db, &mobile, password)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            println!("password reset; the account has been signed out everywhere");
        }
    }
    Ok(())
}

fn describe(error: &app::error::AppError) -> String {
    match error {
        app::error::AppError::Invalid { problems } => problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.code))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Reads the new password from the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    eprintln!("new password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    Ok(password)
}
