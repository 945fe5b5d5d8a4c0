-- The official working-day calendar, plans and subscribers.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL
);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    tier INTEGER NOT NULL UNIQUE,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    account_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    mobile TEXT NOT NULL,
    compound_id INTEGER NOT NULL REFERENCES compounds (id),
    building TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL DEFAULT '',
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    term_months INTEGER NOT NULL,
    paid_through TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX subscribers_by_station ON subscribers (station_id, paid_through);
