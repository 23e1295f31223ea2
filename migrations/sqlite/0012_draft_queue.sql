-- Many forms at once (issue 19, item 6): the 导入 page's queue shows each draft's indicator
-- rows read and its fields 待核对 (a draft with one cannot be confirmed), kept beside the
-- draft's other facts so the list reads no draft content. Drafts stored before this migration
-- count 0 for both until their next correction (their content is compressed JSON, not
-- readable here); the review page reads the content itself and is exact.
--
-- Draft uploads, corrections and refused confirmations are now written in the audit log; they
-- change no record, so they do not move the data generation (answer caches stay valid).

ALTER TABLE drafts ADD COLUMN rows_read INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN misfits INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER audit_log_generation;
CREATE TRIGGER audit_log_generation AFTER INSERT ON audit_log
WHEN NEW.action NOT IN ('login', 'login_failed', 'logout', 'draft_upload', 'draft_correct',
    'draft_confirm_refused')
BEGIN UPDATE store_state SET generation = generation + 1 WHERE id = 1; END;
