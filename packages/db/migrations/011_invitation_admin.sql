-- Invitations an administrator can follow: list the pending ones, revoke one, send one again (a new
-- token and expiry; the old link stops working), and see whether the e-mail went out.
ALTER TABLE invitations ADD COLUMN revoked_at timestamptz;
ALTER TABLE invitations ADD COLUMN sent_at timestamptz;
ALTER TABLE invitations ADD COLUMN send_error text;
CREATE INDEX invitations_pending_idx ON invitations (expires_at) WHERE used_at IS NULL AND revoked_at IS NULL;
