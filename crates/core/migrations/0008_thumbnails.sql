-- The thumbnail of an attached picture (see `attachments/thumbnail.rs`): NULL until it is made
-- (after the file is attached, since decoding a photo takes a while), 'none' when the file
-- cannot be decoded as a picture (it is then shown as a file), else the content name of the
-- thumbnail in the content store.
ALTER TABLE attachments ADD COLUMN thumbnail TEXT
    CHECK (thumbnail IS NULL OR thumbnail = 'none' OR length(thumbnail) = 64);

-- The pictures still waiting for a thumbnail are found without reading every attachment.
CREATE INDEX attachments_awaiting_thumbnail ON attachments (id) WHERE thumbnail IS NULL;
