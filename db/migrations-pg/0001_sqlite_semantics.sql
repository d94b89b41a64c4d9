-- What SQLite does by itself, which Baken's SQLite-built statements expect (db/postgres.ts).
--
-- 1. An insert that says NULL for an INTEGER PRIMARY KEY gets the next id (the rowid): every
--    identity column `id` gets it from its sequence, before the NOT NULL check.
CREATE FUNCTION baken_fill_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := nextval(pg_get_serial_sequence(quote_ident(TG_TABLE_NAME), 'id'));
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' LOOP
    EXECUTE format('CREATE TRIGGER baken_fill_id BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION baken_fill_id()', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- 2. Other connections' commits are seen (SQLite: PRAGMA data_version): a commit that changed what
--    the public pages show notifies `baken_changes` (once per transaction: PostgreSQL folds equal
--    notifications). The tables written per delivery, attempt, sign-in or rate-limited request are left out, so
--    sending mail or signing in does not empty every instance's cache.
CREATE FUNCTION baken_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('baken_changes', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('deliveries', 'webhook_deliveries', 'webhook_attempts', 'webhook_messages', 'staff_sessions', 'audit_log', 'outbox_events', 'rate_limit_hits') LOOP
    EXECUTE format('CREATE TRIGGER baken_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION baken_notify_change()', t);
  END LOOP;
END $$;
