-- The workflow's Work (chunks planned by STATS, tasks sent and answered, what an abort must undo), as JSON.
ALTER TABLE migration ADD COLUMN work text;
