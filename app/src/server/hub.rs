//! The push hub: station events fan out to every connected screen and phone.

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

/// Something changed in a station that open screens should reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationEvent {
    pub station_id: i64,
    /// What changed, e.g. `station`, `staff`, `display`.
    pub topic: String,
}

/// A broadcast channel shared by all connections; each filters by station.
#[derive(Clone, Debug)]
pub struct Hub {
    sender: broadcast::Sender<StationEvent>,
    closing: watch::Sender<bool>,
}

impl Hub {
    pub fn new() -> Hub {
        let (sender, _) = broadcast::channel(1024);
        let (closing, _) = watch::channel(false);
        Hub { sender, closing }
    }

    /// Tells every listener of `station_id` that `topic` changed; nobody listening is fine.
    pub fn publish(&self, station_id: i64, topic: &str) {
        let event = StationEvent { station_id, topic: topic.to_owned() };
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<StationEvent> {
        self.sender.subscribe()
    }

    /// Ends every open push stream, so that a graceful shutdown is not held up by them.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once the server has started to shut down.
    pub async fn closed(&self) {
        let mut receiver = self.closing.subscribe();
        let _ = receiver.wait_for(|closing| *closing).await;
    }
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}
