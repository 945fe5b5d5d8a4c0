-- Ops centers, stations, areas, compounds and the days a station is closed.
CREATE TABLE ops_centers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE stations (
    id INTEGER PRIMARY KEY,
    ops_center_id INTEGER NOT NULL REFERENCES ops_centers (id),
    name TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    open_time TEXT NOT NULL DEFAULT '08:30',
    close_time TEXT NOT NULL DEFAULT '20:00',
    radius_m INTEGER NOT NULL DEFAULT 200,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    name TEXT NOT NULL,
    reward_base_fen INTEGER NOT NULL DEFAULT 0,
    reward_min_households INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (station_id, name)
);

CREATE TABLE compounds (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas (id),
    name TEXT NOT NULL,
    community_code TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (area_id, name)
);

CREATE TABLE closed_days (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    day TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (station_id, day)
);
