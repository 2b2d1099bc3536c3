-- Environments: where domains live. The password is stored sealed (AES-GCM, relocate.secret-key), never in clear.
CREATE TABLE environment (
    name            text PRIMARY KEY,
    jdbc_url        text        NOT NULL,
    db_user         text        NOT NULL,
    sealed_password text        NOT NULL,
    tenant_column   text        NOT NULL DEFAULT 'domain',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- A migration and where it stands (the workflow's Progress), plus what preflight found.
CREATE TABLE migration (
    id          text PRIMARY KEY,
    domain      text        NOT NULL,
    source_env  text        NOT NULL,
    target_env  text        NOT NULL,
    state       text        NOT NULL,
    step        text        NOT NULL,
    step_state  text        NOT NULL,
    attempt     integer     NOT NULL,
    reason      text,
    options     text        NOT NULL,
    preflight   text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL
);
CREATE INDEX migration_by_domain ON migration (domain, created_at);
-- one migration of a domain in flight at a time (FAILED is resumable, so it counts as in flight)
CREATE UNIQUE INDEX migration_one_active_per_domain ON migration (domain)
    WHERE state IN ('UNKNOWN', 'RUNNING', 'READY', 'FAILED');

-- Transactional outbox: written in the same transaction as the migration's change, published after.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text        NOT NULL,
    msg_key      text        NOT NULL,
    payload      bytea       NOT NULL,
    migration_id text        NOT NULL,
    description  text        NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Events already applied to a migration: a redelivered event is applied once.
CREATE TABLE processed_event (
    event_id     text PRIMARY KEY,
    migration_id text        NOT NULL,
    processed_at timestamptz NOT NULL
);
