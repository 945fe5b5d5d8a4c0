//! Server push to wall screens: a stream of "something changed" events per station.

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
        Some(Listener { state, token, station_id, receiver }),
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

struct Listener {
    state: AppState,
    token: String,
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
        displays::station_for(&self.state.db, &self.token).await.is_ok()
    }
}
