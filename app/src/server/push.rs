//! Server push to wall screens, the desk and the phones: a stream of "something changed"
//! events per station. Each page reloads what it shows on an event and after reconnecting.

use super::current::{load_me, EPOCH_KEY, USER_KEY};
use super::displays;
use super::hub::StationEvent;
use super::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;

/// `GET /wall/{token}/events`: one event per change in the link's station; the stream ends
/// when the link is revoked, and a lagging screen is told to resync.
pub async fn wall_events(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    let station_id =
        displays::station_for(&state.db, &token).await.map_err(|_| StatusCode::NOT_FOUND)?;
    let receiver = state.hub.subscribe();
    tracing::debug!(station_id, "wall screen connected");
    let stream = futures::stream::unfold(
        Some(Listener { state, token: Some(token), station_id, receiver }),
        |listener| async move {
            let mut listener = listener?;
            let event = listener.next().await?;
            let revoked = event.event_type == "display" && !listener.still_valid().await;
            let next = if revoked { None } else { Some(listener) };
            Some((Ok(Event::default().event("message").data(event.event_type)), next))
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// `GET /events`: the same stream for a signed-in person, for their own station; refused
/// (401) without a valid session.
pub async fn station_events(
    State(state): State<AppState>,
    session: tower_sessions::Session,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    let user_id: Option<i64> = session.get(USER_KEY).await.ok().flatten();
    let epoch: Option<i64> = session.get(EPOCH_KEY).await.ok().flatten();
    let (Some(user_id), Some(epoch)) = (user_id, epoch) else {
        return Err(StatusCode::UNAUTHORIZED);
    };
    let me = load_me(&state.db, user_id, epoch)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let station_id = me.station_id.ok_or(StatusCode::NOT_FOUND)?;
    let receiver = state.hub.subscribe();
    tracing::debug!(station_id, user_id, "page connected for push");
    let stream = futures::stream::unfold(
        Some(Listener { state, token: None, station_id, receiver }),
        |listener| async move {
            let mut listener = listener?;
            let event = listener.next().await?;
            Some((Ok(Event::default().event("message").data(event.event_type)), Some(listener)))
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

struct Listener {
    state: AppState,
    /// The wall-screen link the stream was opened with; `None` for a signed-in page.
    token: Option<String>,
    station_id: i64,
    receiver: Receiver<StationEvent>,
}

struct Pushed {
    event_type: String,
}

impl Listener {
    /// The next event for this station; `None` when the server is shutting down.
    async fn next(&mut self) -> Option<Pushed> {
        loop {
            let received = tokio::select! {
                received = self.receiver.recv() => received,
                () = self.state.hub.closed() => return None,
            };
            match received {
                Ok(event) if event.station_id == self.station_id => {
                    return Some(Pushed { event_type: event.topic });
                }
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => return Some(Pushed { event_type: "resync".into() }),
                Err(RecvError::Closed) => return None,
            }
        }
    }

    async fn still_valid(&self) -> bool {
        match &self.token {
            Some(token) => displays::station_for(&self.state.db, token).await.is_ok(),
            None => true,
        }
    }
}
