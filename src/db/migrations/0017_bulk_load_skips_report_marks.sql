-- A bulk load (the legacy import) marks its new cases for the report once, by
-- inserting their report_case_facts rows itself, instead of having every
-- statement's trigger do it again for every table it fills: the triggers
-- were most of the time an import spent writing. The switch is a setting
-- local to the loading transaction (set_config('heard.bulk_load', 'on',
-- true)), so any other change, by the application or by SQL by hand, is
-- still marked by the triggers, and the setting ends with the transaction.
CREATE OR REPLACE FUNCTION heard_mark_report_facts() RETURNS trigger AS $$
DECLARE
  touched uuid[] := '{}';
  more uuid[];
BEGIN
  IF current_setting('heard.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
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
