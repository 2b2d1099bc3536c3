-- Two ordinary domains, alpha and beta, and one whose name is an SQL injection attempt.
INSERT INTO countries (id, code) VALUES (1, 'KE'), (2, 'IN');

INSERT INTO users (id, domain, username) VALUES
    (1, 'alpha', 'ann'), (2, 'alpha', 'bob'), (3, 'beta', 'cy'),
    (4, 'o''brien"; DROP TABLE cases; --', 'dan');

INSERT INTO location_types (id, domain, name) VALUES (1, 'alpha', 'district'), (2, 'alpha', 'clinic'), (3, 'beta', 'district');

INSERT INTO locations (id, domain, name, location_type_id, parent_id, country_id) VALUES
    (1, 'alpha', 'North', 1, NULL, 1), (2, 'alpha', 'North clinic', 2, 1, 1), (3, 'alpha', 'South', 1, NULL, NULL),
    (4, 'beta', 'East', 3, NULL, 2);

INSERT INTO forms (id, domain, xmlns, user_id) VALUES
    ('00000000-0000-0000-0000-00000000f001', 'alpha', 'http://example.org/visit', 1),
    ('00000000-0000-0000-0000-00000000f002', 'alpha', 'http://example.org/visit', 2),
    ('00000000-0000-0000-0000-00000000f003', 'beta', 'http://example.org/visit', 3),
    ('00000000-0000-0000-0000-00000000f004', 'o''brien"; DROP TABLE cases; --', NULL, 4);

INSERT INTO cases (id, domain, type, owner_id, location_id, opened_by) VALUES
    ('00000000-0000-0000-0000-00000000c001', 'alpha', 'patient', 1, 2, '00000000-0000-0000-0000-00000000f001'),
    ('00000000-0000-0000-0000-00000000c002', 'alpha', 'household', 1, 1, NULL),
    ('00000000-0000-0000-0000-00000000c003', 'alpha', 'patient', 2, 3, '00000000-0000-0000-0000-00000000f002'),
    ('00000000-0000-0000-0000-00000000c004', 'beta', 'patient', 3, 4, '00000000-0000-0000-0000-00000000f003'),
    ('00000000-0000-0000-0000-00000000c005', 'o''brien"; DROP TABLE cases; --', 'patient', 4, NULL, NULL);

INSERT INTO case_indices (case_id, referenced_id, identifier) VALUES
    ('00000000-0000-0000-0000-00000000c001', '00000000-0000-0000-0000-00000000c002', 'parent'),
    ('00000000-0000-0000-0000-00000000c003', '00000000-0000-0000-0000-00000000c002', 'parent'),
    ('00000000-0000-0000-0000-00000000c004', '00000000-0000-0000-0000-00000000c004', 'self'),
    ('00000000-0000-0000-0000-00000000c005', '00000000-0000-0000-0000-00000000c005', 'self');

INSERT INTO case_attachments (id, case_id, name) VALUES
    (1, '00000000-0000-0000-0000-00000000c001', 'photo.jpg'), (2, '00000000-0000-0000-0000-00000000c004', 'scan.pdf');

INSERT INTO attachment_chunks (attachment_id, seq, content) VALUES (1, 1, '\x01'), (1, 2, '\x02'), (2, 1, '\x03');

INSERT INTO ledger_values (domain, case_id, section_id, balance) VALUES
    ('alpha', '00000000-0000-0000-0000-00000000c001', 'stock', 10),
    ('alpha', '00000000-0000-0000-0000-00000000c003', 'stock', 4.5);

INSERT INTO audit.form_events (id, form_id, at) VALUES
    (1, '00000000-0000-0000-0000-00000000f001', '2026-03-01'), (2, '00000000-0000-0000-0000-00000000f003', '2026-03-02');
