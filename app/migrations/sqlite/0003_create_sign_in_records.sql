-- Sign-in attempts (for lock-outs) and wall-screen display links.
CREATE TABLE sign_in_attempts (
    id INTEGER PRIMARY KEY,
    key_kind TEXT NOT NULL,
    key_value TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    succeeded INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_by_key ON sign_in_attempts (key_kind, key_value, at_ms);

CREATE TABLE display_links (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
);
