-- A small multi-tenant application in the shape of a real one: tenant tables with a "domain" column,
-- children without it, a grandchild, a global lookup, a self-reference, a second schema and a partitioned table.
CREATE TABLE countries (id serial PRIMARY KEY, code char(2) NOT NULL UNIQUE);

CREATE TABLE users (
    id serial PRIMARY KEY,
    domain text NOT NULL,
    username varchar(128) NOT NULL,
    is_active boolean NOT NULL DEFAULT true
);

CREATE TABLE location_types (id serial PRIMARY KEY, domain text NOT NULL, name text NOT NULL);

CREATE TABLE locations (
    id serial PRIMARY KEY,
    domain text NOT NULL,
    name text NOT NULL,
    location_type_id integer NOT NULL REFERENCES location_types (id),
    parent_id integer REFERENCES locations (id),
    country_id integer REFERENCES countries (id)
);

CREATE TABLE forms (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    domain text NOT NULL,
    xmlns text,
    received_on timestamp with time zone NOT NULL DEFAULT now(),
    user_id integer REFERENCES users (id)
);

CREATE TABLE cases (
    id uuid PRIMARY KEY,
    domain text NOT NULL,
    type varchar(255) NOT NULL,
    owner_id integer REFERENCES users (id),
    location_id integer REFERENCES locations (id),
    opened_by uuid REFERENCES forms (id)
);

CREATE TABLE case_indices (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    referenced_id uuid NOT NULL,
    identifier text NOT NULL
);

CREATE TABLE case_attachments (
    id bigserial PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    name text NOT NULL
);

CREATE TABLE attachment_chunks (
    attachment_id bigint NOT NULL REFERENCES case_attachments (id),
    seq integer NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);

CREATE TABLE ledger_values (
    id bigserial PRIMARY KEY,
    domain text NOT NULL,
    case_id uuid NOT NULL REFERENCES cases (id),
    section_id text NOT NULL,
    balance numeric(20, 5) NOT NULL DEFAULT 0
);

CREATE SCHEMA audit;
CREATE TABLE audit.form_events (
    id bigint NOT NULL,
    form_id uuid NOT NULL REFERENCES public.forms (id),
    at date NOT NULL,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE audit.form_events_2026 PARTITION OF audit.form_events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
