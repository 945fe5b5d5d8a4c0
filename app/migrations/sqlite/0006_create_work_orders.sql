-- Calls, work orders and their events, shifts, the points ledger, the daily board,
-- callbacks, complaints, penalty notices, work-order settings and idempotency keys.
CREATE TABLE shifts (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    day TEXT NOT NULL,
    starts_at_ms INTEGER NOT NULL,
    ends_at_ms INTEGER NOT NULL,
    desk INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, starts_at_ms)
);
CREATE INDEX shifts_by_station ON shifts (station_id, ends_at_ms);

CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    received_at_ms INTEGER NOT NULL,
    day TEXT NOT NULL,
    channel TEXT NOT NULL,
    caller_name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    matter TEXT NOT NULL,
    handling TEXT NOT NULL DEFAULT '',
    logged_by INTEGER REFERENCES users (id),
    order_id INTEGER,
    external_ref TEXT,
    UNIQUE (station_id, external_ref)
);
CREATE INDEX calls_by_day ON calls (station_id, day, received_at_ms);

CREATE TABLE work_orders (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    call_id INTEGER REFERENCES calls (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    subscriber_id INTEGER REFERENCES subscribers (id),
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    compound_id INTEGER NOT NULL REFERENCES compounds (id),
    building TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL DEFAULT '',
    problem TEXT NOT NULL,
    received_at_ms INTEGER NOT NULL,
    day TEXT NOT NULL,
    respond_by_ms INTEGER NOT NULL,
    finish_by_ms INTEGER NOT NULL,
    appointment_start_ms INTEGER,
    appointment_end_ms INTEGER,
    assignee_id INTEGER REFERENCES users (id),
    dispatched_by INTEGER REFERENCES users (id),
    dispatched_at_ms INTEGER,
    responded_at_ms INTEGER,
    accepted_at_ms INTEGER,
    on_site_at_ms INTEGER,
    completed_at_ms INTEGER,
    closed_at_ms INTEGER,
    closed_by INTEGER REFERENCES users (id),
    cancelled_at_ms INTEGER,
    cancel_reason TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    cause TEXT NOT NULL DEFAULT '',
    materials TEXT NOT NULL DEFAULT '',
    fee_fen INTEGER NOT NULL DEFAULT 0,
    fee_method TEXT NOT NULL DEFAULT '',
    invoice_no TEXT NOT NULL DEFAULT '',
    reassign_count INTEGER NOT NULL DEFAULT 0,
    respond_late INTEGER NOT NULL DEFAULT 0,
    finish_late INTEGER NOT NULL DEFAULT 0,
    dragging INTEGER NOT NULL DEFAULT 0,
    signed_up_by INTEGER REFERENCES users (id),
    external_ref TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (station_id, external_ref)
);
CREATE INDEX work_orders_by_status ON work_orders (station_id, status, finish_by_ms);
CREATE INDEX work_orders_by_assignee ON work_orders (assignee_id, status);
CREATE INDEX work_orders_by_day ON work_orders (station_id, day);

CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES work_orders (id),
    at_ms INTEGER NOT NULL,
    step TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    assignee_id INTEGER REFERENCES users (id),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_by_order ON order_events (order_id, at_ms);

CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE order_settings (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    effective_from TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    set_by INTEGER REFERENCES users (id),
    set_at_ms INTEGER NOT NULL,
    UNIQUE (station_id, effective_from)
);

CREATE TABLE points_entries (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    amount INTEGER NOT NULL,
    order_id INTEGER REFERENCES work_orders (id),
    reason TEXT NOT NULL DEFAULT '',
    corrects_id INTEGER REFERENCES points_entries (id),
    author_id INTEGER REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    dedupe TEXT UNIQUE
);
CREATE INDEX points_by_station_day ON points_entries (station_id, day);
CREATE INDEX points_by_user_day ON points_entries (user_id, day);

CREATE TRIGGER points_entries_no_update BEFORE UPDATE ON points_entries
BEGIN
    SELECT RAISE(ABORT, 'points_entries is append-only');
END;

CREATE TRIGGER points_entries_no_delete BEFORE DELETE ON points_entries
BEGIN
    SELECT RAISE(ABORT, 'points_entries is append-only');
END;

CREATE TABLE board_days (
    station_id INTEGER NOT NULL REFERENCES stations (id),
    day TEXT NOT NULL,
    published_at_ms INTEGER NOT NULL,
    published_by INTEGER REFERENCES users (id),
    PRIMARY KEY (station_id, day)
);

CREATE TABLE callbacks (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    order_id INTEGER NOT NULL UNIQUE REFERENCES work_orders (id),
    staff_id INTEGER REFERENCES users (id),
    reached INTEGER NOT NULL,
    rating INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users (id),
    recorded_at_ms INTEGER NOT NULL
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    order_id INTEGER REFERENCES work_orders (id),
    staff_id INTEGER REFERENCES users (id),
    received_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX complaints_by_station ON complaints (station_id, received_on);

CREATE TABLE penalty_notices (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    source TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    note TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX penalties_by_station ON penalty_notices (station_id, issued_on);
