-- A field-data platform's multi-tenant schema: every tenant ("domain") has users, a location hierarchy,
-- submitted forms, cases with their indices (no tenant column: they belong through case_id) and ledger values.
CREATE TABLE IF NOT EXISTS users (
    id         bigint PRIMARY KEY,
    domain     text        NOT NULL,
    username   text        NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (domain, username)
);
CREATE TABLE IF NOT EXISTS location_types (
    id     bigint PRIMARY KEY,
    domain text NOT NULL,
    name   text NOT NULL
);
CREATE TABLE IF NOT EXISTS locations (
    id               bigint PRIMARY KEY,
    domain           text   NOT NULL,
    location_type_id bigint NOT NULL REFERENCES location_types (id),
    parent_id        bigint REFERENCES locations (id),
    name             text   NOT NULL
);
CREATE TABLE IF NOT EXISTS forms (
    id          bigint PRIMARY KEY,
    domain      text        NOT NULL,
    xmlns       text        NOT NULL,
    received_on timestamptz NOT NULL,
    user_id     bigint REFERENCES users (id),
    data        jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS forms_domain_received ON forms (domain, received_on);
CREATE TABLE IF NOT EXISTS cases (
    id          bigint PRIMARY KEY,
    domain      text        NOT NULL,
    case_type   text        NOT NULL,
    owner_id    bigint REFERENCES users (id),
    location_id bigint REFERENCES locations (id),
    opened_on   timestamptz NOT NULL,
    closed      boolean     NOT NULL,
    properties  jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_domain_type ON cases (domain, case_type);
CREATE TABLE IF NOT EXISTS case_indices (
    id                 bigint PRIMARY KEY,
    case_id            bigint NOT NULL REFERENCES cases (id),
    referenced_case_id bigint NOT NULL REFERENCES cases (id),
    identifier         text   NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_values (
    id            bigint PRIMARY KEY,
    domain        text          NOT NULL,
    case_id       bigint        NOT NULL REFERENCES cases (id),
    entry_id      text          NOT NULL,
    balance       numeric(12, 2) NOT NULL,
    last_modified timestamptz   NOT NULL
);
-- a case's stock of a product: the lookup a ledger report makes (and an index under the foreign key to cases)
CREATE INDEX IF NOT EXISTS ledger_values_case_entry ON ledger_values (case_id, entry_id);
