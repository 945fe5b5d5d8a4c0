-- The report of each import of calls and orders, so the page after an upload can show it.
CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    file_name TEXT NOT NULL,
    report_json TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
