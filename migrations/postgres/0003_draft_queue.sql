-- Many forms at once (schema version 3), as migrations/sqlite/0012: each draft's indicator
-- rows read and fields 待核对 beside its other facts, for the 导入 page's queue (0 for drafts
-- stored before, until their next correction); draft uploads, corrections and refused
-- confirmations are audited but move no data generation, as they change no record.

ALTER TABLE drafts ADD COLUMN rows_read BIGINT NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN misfits BIGINT NOT NULL DEFAULT 0;

DROP TRIGGER audit_log_generation ON audit_log;
CREATE TRIGGER audit_log_generation AFTER INSERT ON audit_log
    FOR EACH ROW WHEN (NEW.action NOT IN ('login', 'login_failed', 'logout', 'draft_upload',
        'draft_correct', 'draft_confirm_refused'))
    EXECUTE PROCEDURE store_generation_bump();
