-- The api processes reuse a verified session check for a few seconds; every change that can end
-- or alter what an access token stands for tells them at once, whoever made it (the api, the cli,
-- an administrator's SQL). Payloads: 'user:<id>' or 'family:<id>'.
CREATE FUNCTION auth_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pioneira_auth', 'user:' || OLD.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER auth_user_changed AFTER UPDATE OF email, name, role, status ON users
  FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.role IS DISTINCT FROM NEW.role OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION auth_user_changed();
CREATE TRIGGER auth_user_deleted AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION auth_user_changed();

CREATE FUNCTION auth_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pioneira_auth', 'family:' || OLD.family_id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER auth_session_revoked AFTER UPDATE OF revoked_at ON sessions
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at)
  EXECUTE FUNCTION auth_session_changed();
CREATE TRIGGER auth_session_deleted AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION auth_session_changed();
