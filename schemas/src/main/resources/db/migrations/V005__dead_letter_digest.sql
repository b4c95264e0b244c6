-- A dead letter keeps the first 16 KiB of a refused record; its size and SHA-256 stand for the whole of it.
ALTER TABLE dead_letters ADD COLUMN IF NOT EXISTS payload_size UInt64 DEFAULT 0;
ALTER TABLE dead_letters ADD COLUMN IF NOT EXISTS payload_sha256 String DEFAULT '';
