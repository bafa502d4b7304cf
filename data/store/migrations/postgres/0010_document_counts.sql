-- Twin of ../0010_document_counts.sql.
-- The 工作台's document figures (drafts, awaiting delivery, replies overdue)
-- counted from an index: without it each count read every document, its
-- text included (0.3 s with 86,000 documents).
-- deleted_at is in the index too, for SQLite to count from it alone (the
-- server reads the same index).
CREATE INDEX documents_status ON documents(status, reply_due, replied_on, deleted_at) WHERE deleted_at IS NULL;
