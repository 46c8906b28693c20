-- MiX created-since streams: a lag that means something and a recovery cursor of their own.
-- caught_up_at: when the connector last heard "nothing more" (HasMoreItems false or a 204);
-- newest_item_at: the newest item (event start, position fix) ever stored by the stream.
-- recover_*: a "recover from <date>" asked in the console. It pages a cursor of its own after the
-- live cursor has caught up, so the live stream never waits behind a recovery.
ALTER TABLE etl_control
  ADD COLUMN caught_up_at timestamptz,
  ADD COLUMN newest_item_at timestamptz,
  ADD COLUMN recover_from timestamptz,
  ADD COLUMN recover_token text,
  ADD COLUMN recover_until text,
  ADD COLUMN recover_started_at timestamptz,
  ADD COLUMN recover_requested_by text,
  ADD COLUMN recover_pages integer NOT NULL DEFAULT 0,
  ADD COLUMN recover_items integer NOT NULL DEFAULT 0;
