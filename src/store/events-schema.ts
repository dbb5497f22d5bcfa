/**
 * Schema version 4: the event lifecycle (docs/events.md, docs/store.md). Times are
 * integer ms since the Unix epoch, UTC; JSON columns hold what the API serves as is.
 */

/** The SQL of step 4: new tables only. */
export const SCHEMA_4 = `
  CREATE TABLE event (
    id          INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL,    -- open, deepening, recovering, closed
    start       INTEGER NOT NULL, -- first alert
    end         INTEGER,          -- first normal bin of the recovery; NULL while not closed
    depth       REAL NOT NULL,    -- lowest value / baseline, 0-1
    band        INTEGER NOT NULL, -- deepest depth band reached
    score       REAL NOT NULL,
    signals     TEXT NOT NULL,    -- JSON: [{signal, depth, lowest, baseline, at, score, source}]
    explanation TEXT NOT NULL,
    evidence    TEXT NOT NULL,
    phases      TEXT NOT NULL,    -- JSON: [{start, kind, evidence}]
    timeline    TEXT NOT NULL,    -- JSON: [{entity, signal, start, fell, depth}]
    provenance  TEXT NOT NULL,    -- JSON: [{signal, source, digest, method}]
    last_change INTEGER NOT NULL, -- time of the last transition
    judged_until INTEGER NOT NULL,-- end of the data last judged
    last_seq    INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX event_by_entity ON event (entity, start);
  CREATE INDEX event_by_start ON event (start);
  CREATE INDEX event_open ON event (state) WHERE state <> 'closed';

  CREATE TABLE event_transition (
    event      INTEGER NOT NULL REFERENCES event (id),
    seq        INTEGER NOT NULL,
    state      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    time       INTEGER NOT NULL,  -- when the data first showed it
    figures    TEXT NOT NULL,     -- JSON: TransitionFigures
    historical INTEGER NOT NULL,  -- 1: recorded on data older than the alert horizon
    PRIMARY KEY (event, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX transition_by_time ON event_transition (time);

  CREATE TABLE alert_outbox (
    id           INTEGER PRIMARY KEY,
    event        INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    channel      TEXT NOT NULL,   -- webhook, email
    target       TEXT NOT NULL,   -- the channel's name: webhook:NAME, api-webhook:ID, email:NAME
    status       TEXT NOT NULL,   -- pending, sending, sent, failed
    attempts     INTEGER NOT NULL,
    next_attempt INTEGER NOT NULL,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    UNIQUE (event, seq, channel, target),
    FOREIGN KEY (event, seq) REFERENCES event_transition (event, seq)
  ) STRICT;
  CREATE INDEX alert_due ON alert_outbox (next_attempt) WHERE status IN ('pending', 'sending');

  CREATE TABLE annotation (
    id     INTEGER PRIMARY KEY,
    event  INTEGER NOT NULL REFERENCES event (id),
    time   INTEGER NOT NULL,
    author TEXT NOT NULL,
    text   TEXT NOT NULL
  ) STRICT;
  CREATE INDEX annotation_by_event ON annotation (event, time);

  CREATE TABLE webhook (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    entities   TEXT NOT NULL,     -- JSON array of entity ids
    within     INTEGER NOT NULL,  -- 1: also the entities within them
    states     TEXT NOT NULL,     -- JSON array of states alerted
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    deleted_at INTEGER            -- kept, so that its outbox rows still name it
  ) STRICT;

  CREATE TABLE tracking_cursor (
    source INTEGER PRIMARY KEY,   -- the store's source id
    until  INTEGER NOT NULL       -- data of that source tracked up to here (exclusive)
  ) STRICT;

  CREATE TABLE entity_state (
    entity   TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    state    TEXT NOT NULL,       -- outage, warning, normal, no-data
    since    INTEGER NOT NULL,
    time     INTEGER NOT NULL,    -- end of the newest bin judged
    signal   TEXT,
    value    REAL,
    baseline REAL,
    event    INTEGER
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX entity_state_by_kind ON entity_state (kind);
`;
