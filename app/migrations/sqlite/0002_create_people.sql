-- People, their position history, and acting-manager delegations.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    mobile TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    position TEXT NOT NULL,
    station_id INTEGER REFERENCES stations (id),
    ops_center_id INTEGER REFERENCES ops_centers (id),
    locale TEXT NOT NULL DEFAULT 'zh',
    active INTEGER NOT NULL DEFAULT 1,
    hired_on TEXT NOT NULL,
    session_epoch INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE position_history (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    position TEXT NOT NULL,
    station_id INTEGER REFERENCES stations (id),
    from_date TEXT NOT NULL,
    to_date TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX position_history_by_user ON position_history (user_id, from_date);

CREATE TABLE delegations (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    delegate_id INTEGER NOT NULL REFERENCES users (id),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users (id),
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX delegations_by_station ON delegations (station_id, from_date);
