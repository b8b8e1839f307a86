-- Keeps report_case_facts honest: any change to a row the annual report reads
-- adds one to its case's version and clears the prepared document, in the
-- same transaction as the change, whoever makes it (the application, an
-- import, SQL by hand). Statement-level triggers with transition tables, so a
-- bulk load marks each case once per statement, not once per row.
--
-- TG_ARGV[0] is a query giving the case ids a statement touched; %1$s in it
-- stands for the changed rows (new_rows or old_rows).
CREATE OR REPLACE FUNCTION heard_mark_report_facts() RETURNS trigger AS $$
DECLARE
  touched uuid[] := '{}';
  more uuid[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('select coalesce(array_agg(id), ''{}'') from (' || TG_ARGV[0] || ') ids(id)', 'new_rows') INTO more;
    touched := touched || more;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('select coalesce(array_agg(id), ''{}'') from (' || TG_ARGV[0] || ') ids(id)', 'old_rows') INTO more;
    touched := touched || more;
  END IF;
  INSERT INTO report_case_facts (case_id)
    SELECT DISTINCT t.id FROM unnest(touched) AS t(id)
    WHERE t.id IS NOT NULL AND EXISTS (SELECT 1 FROM feedback_cases f WHERE f.id = t.id)
  ON CONFLICT (case_id) DO UPDATE SET version = report_case_facts.version + 1, doc = NULL, format = NULL
    -- Once per transaction is enough: a document builder reading from before it saw the old version.
    -- Skipping the repeats halves the cost of a bulk load that adds many rows to the same new cases.
    WHERE report_case_facts.doc IS NOT NULL OR report_case_facts.xmin::text <> (pg_current_xact_id()::text::bigint % 4294967296)::text;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DO $$
DECLARE
  source record;
  op text;
BEGIN
  FOR source IN SELECT * FROM (VALUES
    ('feedback_cases', 'select r.id from %1$s r'),
    ('case_parties', 'select r.case_id from %1$s r'),
    ('case_themes', 'select r.case_id from %1$s r'),
    ('stages', 'select r.case_id from %1$s r'),
    ('investigations', 'select s.case_id from %1$s r join stages s on s.id = r.stage_id'),
    ('remedies', 'select s.case_id from %1$s r join stages s on s.id = r.stage_id'),
    ('learning_points', 'select r.case_id from %1$s r'),
    ('actions', 'select r.case_id from %1$s r'),
    ('compliments', 'select r.case_id from %1$s r'),
    ('clock_events', 'select r.case_id from %1$s r'),
    -- A person's ethnicity is reported on each case they are a party to.
    ('people', 'select p.case_id from %1$s r join case_parties p on p.person_id = r.id')
  ) AS s(tbl, query) LOOP
    FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      CONTINUE WHEN source.tbl IN ('feedback_cases', 'people') AND op = 'delete';
      CONTINUE WHEN source.tbl = 'people' AND op = 'insert';
      EXECUTE format(
        'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION heard_mark_report_facts(%L)',
        source.tbl || '_report_facts_' || op, op, source.tbl,
        CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows' ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
        source.query);
    END LOOP;
  END LOOP;
END;
$$;
--> statement-breakpoint
INSERT INTO report_case_facts (case_id) SELECT id FROM feedback_cases ON CONFLICT (case_id) DO NOTHING;
