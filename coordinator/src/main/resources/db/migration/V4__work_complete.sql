-- Every migration has its Work, whole, so that the code reads one shape.
-- Migrations stored before V2 kept no work: they ran preflight only, with default settings. Their attempt
-- counts as PREFLIGHT's (so that it is never reused), and the preflight command they sent is in flight or
-- answered as their step state says.
UPDATE migration SET work = json_build_object(
        'settings', json_build_object('rehearsal', false, 'objectFilter', null),
        'until', 'PREFLIGHT',
        'models', '[]'::json, 'chunks', '[]'::json,
        'dispatched', CASE WHEN attempt > 0 THEN '[""]'::json ELSE '[]'::json END,
        'done', CASE WHEN attempt > 0 AND step_state = 'COMPLETED' THEN '[""]'::json ELSE '[]'::json END,
        'failed', CASE WHEN attempt > 0 AND step_state = 'FAILED' THEN '[""]'::json ELSE '[]'::json END,
        'repair', '[]'::json, 'undo', '[]'::json,
        'attempts', CASE WHEN attempt > 0 THEN json_build_object('PREFLIGHT', attempt) ELSE '{}'::json END)::text
    WHERE work IS NULL;
-- Work stored before blobs and DNS were steps (V3) lacks their fields: added with their empty values.
UPDATE migration SET work = (
        jsonb_build_object('blobPages', 0, 'blobRepair', '[]'::jsonb, 'side', '{}'::jsonb, 'cutOver', false)
        || jsonb_set(work::jsonb, '{settings}',
                     jsonb_build_object('blobs', false, 'dns', false) || (work::jsonb -> 'settings')))::text
    WHERE NOT (work::jsonb ? 'side');
ALTER TABLE migration ALTER COLUMN work SET NOT NULL;
