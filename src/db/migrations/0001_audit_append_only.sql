-- The audit trail is append-only: refuse any UPDATE or DELETE, whoever asks.
CREATE OR REPLACE FUNCTION heard_refuse_audit_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION heard_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION heard_refuse_audit_change();
--> statement-breakpoint
-- One sequence numbers every case reference, whatever its year.
CREATE SEQUENCE IF NOT EXISTS case_reference_seq START 1;
