-- what an environment declares about its schema (tenant roots, selecting columns, global and ignored tables), in
-- TenantDeclarations' text form; empty for none
ALTER TABLE environment ADD COLUMN declarations text NOT NULL DEFAULT '';
