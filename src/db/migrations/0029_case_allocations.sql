-- Who is allocated to a case, kept on the case (ADR 0023): its investigating manager, anyone named on one of its
-- stages, any investigator of one. An investigating manager's lists show only these cases; asking the stages and
-- investigations of each case in turn cost 250 ms for My cases at 1,000,000 cases. The column is derived: the
-- triggers below work it out whenever one of its sources changes, and whenever anyone writes it.
ALTER TABLE "feedback_cases" ADD COLUMN "allocated_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION heard_allocated_users(case_id uuid, manager_id uuid) RETURNS uuid[] AS $$
  SELECT coalesce(array_agg(DISTINCT u ORDER BY u), '{}'::uuid[]) FROM (
    SELECT manager_id AS u
    UNION ALL SELECT i.investigator_id FROM stages s JOIN investigations i ON i.stage_id = s.id WHERE s.case_id = $1
    UNION ALL SELECT p.user_id FROM stages s JOIN stage_people p ON p.stage_id = s.id WHERE s.case_id = $1
  ) allocated WHERE u IS NOT NULL
$$ LANGUAGE sql STABLE;--> statement-breakpoint
-- The cases there are already, in one statement, before the triggers exist. A derived column: their report
-- documents are not marked as changed (0017's switch).
SELECT set_config('heard.bulk_load', 'on', true);--> statement-breakpoint
UPDATE feedback_cases f SET allocated_user_ids = a.ids
FROM (
  SELECT case_id, array_agg(DISTINCT u ORDER BY u) AS ids FROM (
    SELECT id AS case_id, investigating_manager_id AS u FROM feedback_cases
    UNION ALL SELECT s.case_id, i.investigator_id FROM stages s JOIN investigations i ON i.stage_id = s.id
    UNION ALL SELECT s.case_id, p.user_id FROM stages s JOIN stage_people p ON p.stage_id = s.id
  ) allocated WHERE u IS NOT NULL GROUP BY case_id
) a
WHERE a.case_id = f.id;--> statement-breakpoint
SELECT set_config('heard.bulk_load', 'off', true);--> statement-breakpoint
-- On the case itself: a new case has no stages yet, so only its manager; a new manager, or any write to the
-- column, works it out again from the sources.
CREATE OR REPLACE FUNCTION heard_case_allocations() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.allocated_user_ids := CASE WHEN NEW.investigating_manager_id IS NULL THEN '{}'::uuid[]
      ELSE ARRAY[NEW.investigating_manager_id] END;
  ELSE
    NEW.allocated_user_ids := heard_allocated_users(NEW.id, NEW.investigating_manager_id);
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER feedback_cases_allocations BEFORE INSERT OR UPDATE OF investigating_manager_id, allocated_user_ids
  ON feedback_cases FOR EACH ROW EXECUTE FUNCTION heard_case_allocations();--> statement-breakpoint
-- On the sources: the cases a statement touched (TG_ARGV[0], a query over %1$s: new_rows or old_rows; for an
-- update, TG_ARGV[1] over both, only the rows whose people or stage changed) have the column written, which the
-- trigger above works out. Once per statement, so a bulk load pays once per case; a stage's new dates, or an
-- investigation's outcome, leave the case row alone.
CREATE OR REPLACE FUNCTION heard_allocations_changed() RETURNS trigger AS $$
DECLARE
  was text := coalesce(current_setting('heard.bulk_load', true), '');
  touched uuid[] := '{}';
  more uuid[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    EXECUTE 'select coalesce(array_agg(id), ''{}'') from (' || TG_ARGV[1] || ') ids(id)' INTO touched;
  ELSE
    EXECUTE format('select coalesce(array_agg(id), ''{}'') from (' || TG_ARGV[0] || ') ids(id)',
      CASE TG_OP WHEN 'INSERT' THEN 'new_rows' ELSE 'old_rows' END) INTO touched;
  END IF;
  IF cardinality(touched) = 0 THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('heard.bulk_load', 'on', true);
  UPDATE feedback_cases SET allocated_user_ids = allocated_user_ids WHERE id = ANY (touched);
  PERFORM set_config('heard.bulk_load', was, true);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
-- TRUNCATE has no rows to say which cases it touched: every case with someone allocated is worked out again.
CREATE OR REPLACE FUNCTION heard_allocations_truncated() RETURNS trigger AS $$
DECLARE
  was text := coalesce(current_setting('heard.bulk_load', true), '');
BEGIN
  PERFORM set_config('heard.bulk_load', 'on', true);
  UPDATE feedback_cases SET allocated_user_ids = allocated_user_ids WHERE cardinality(allocated_user_ids) > 0;
  PERFORM set_config('heard.bulk_load', was, true);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
DO $$
DECLARE
  source record;
  op text;
BEGIN
  FOR source IN SELECT * FROM (VALUES
    ('investigations', 'select s.case_id from %1$s r join stages s on s.id = r.stage_id',
      'select s.case_id from new_rows r join old_rows o on o.id = r.id join stages s on s.id in (r.stage_id, o.stage_id)
         where (r.investigator_id, r.stage_id) is distinct from (o.investigator_id, o.stage_id)',
      ARRAY['insert', 'update', 'delete']),
    ('stage_people', 'select s.case_id from %1$s r join stages s on s.id = r.stage_id',
      'select s.case_id from new_rows r join old_rows o on o.id = r.id join stages s on s.id in (r.stage_id, o.stage_id)
         where (r.user_id, r.stage_id) is distinct from (o.user_id, o.stage_id)',
      ARRAY['insert', 'update', 'delete']),
    -- A stage moved to another case (by hand: Heard never does) changes both.
    ('stages', 'select r.case_id from %1$s r',
      'select unnest(array[r.case_id, o.case_id]) from new_rows r join old_rows o on o.id = r.id
         where r.case_id is distinct from o.case_id',
      ARRAY['update', 'delete'])
  ) AS s(tbl, query, changed, ops) LOOP
    FOREACH op IN ARRAY source.ops LOOP
      EXECUTE format(
        'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION heard_allocations_changed(%L, %L)',
        source.tbl || '_allocations_' || op, op, source.tbl,
        CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows' ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
        source.query, source.changed);
    END LOOP;
    EXECUTE format(
      'CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION heard_allocations_truncated()',
      source.tbl || '_allocations_truncate', source.tbl);
  END LOOP;
END;
$$;--> statement-breakpoint
CREATE INDEX "feedback_cases_allocated_open_idx" ON "feedback_cases" USING gin ("allocated_user_ids") WHERE "feedback_cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "feedback_cases_allocated_idx" ON "feedback_cases" USING gin ("allocated_user_ids");
