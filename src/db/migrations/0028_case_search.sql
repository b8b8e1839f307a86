-- Case search (ADR 0022): pg_trgm indexes, and the names of the people on a case kept on the case by triggers.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD COLUMN "party_names" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION heard_party_names(case_id uuid) RETURNS text AS $$
  SELECT coalesce(string_agg(p.given_name || ' ' || p.family_name || ' ' || coalesce(p.email, ''), ' ' ORDER BY p.id), '')
  FROM case_parties cp JOIN people p ON p.id = cp.person_id
  WHERE cp.case_id = $1
$$ LANGUAGE sql STABLE;--> statement-breakpoint
-- party_names is not in the report's case documents: its updates leave them as they are (0017's switch),
-- and the change to case_parties or people that caused them marks them as that change always has.
CREATE OR REPLACE FUNCTION heard_case_parties_changed() RETURNS trigger AS $$
DECLARE
  was text := coalesce(current_setting('heard.bulk_load', true), '');
BEGIN
  PERFORM set_config('heard.bulk_load', 'on', true);
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE feedback_cases SET party_names = heard_party_names(id) WHERE id = NEW.case_id;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.case_id IS DISTINCT FROM NEW.case_id) THEN
    UPDATE feedback_cases SET party_names = heard_party_names(id) WHERE id = OLD.case_id;
  END IF;
  PERFORM set_config('heard.bulk_load', was, true);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER case_parties_party_names AFTER INSERT OR UPDATE OR DELETE ON case_parties
  FOR EACH ROW EXECUTE FUNCTION heard_case_parties_changed();--> statement-breakpoint
CREATE OR REPLACE FUNCTION heard_person_changed() RETURNS trigger AS $$
DECLARE
  was text := coalesce(current_setting('heard.bulk_load', true), '');
BEGIN
  PERFORM set_config('heard.bulk_load', 'on', true);
  UPDATE feedback_cases SET party_names = heard_party_names(id)
  WHERE id IN (SELECT cp.case_id FROM case_parties cp WHERE cp.person_id = NEW.id);
  PERFORM set_config('heard.bulk_load', was, true);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER people_party_names AFTER UPDATE OF given_name, family_name, email ON people
  FOR EACH ROW
  WHEN (OLD.given_name IS DISTINCT FROM NEW.given_name OR OLD.family_name IS DISTINCT FROM NEW.family_name
    OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION heard_person_changed();--> statement-breakpoint
-- The cases there are already: a derived column, so their report documents are not marked as changed (0017).
SELECT set_config('heard.bulk_load', 'on', true);--> statement-breakpoint
UPDATE feedback_cases f SET party_names = heard_party_names(f.id)
  WHERE EXISTS (SELECT 1 FROM case_parties cp WHERE cp.case_id = f.id);--> statement-breakpoint
SELECT set_config('heard.bulk_load', 'off', true);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "feedback_cases_search_idx" ON "feedback_cases" USING gin (("reference" || ' ' || "subject" || ' ' || "description" || ' ' || "party_names") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "feedback_cases_reference_prefix_idx" ON "feedback_cases" USING btree (lower("reference") text_pattern_ops);
