-- Tickets imported from the office's Excel 台账 remember where they came
-- from: the file's own 编号, or a hash of receipt time, unit and subject
-- when the file has none. Importing the same file again finds them by it
-- and adds nothing twice.
ALTER TABLE complaints ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX complaints_import_key ON complaints(import_key) WHERE import_key IS NOT NULL;
