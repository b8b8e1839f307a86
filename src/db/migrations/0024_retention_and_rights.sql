CREATE TABLE "data_rights_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"received_on" date NOT NULL,
	"request" text NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid,
	"person_id" uuid,
	"reason" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone NOT NULL,
	"lifted_by" uuid,
	"lifted_at" timestamp with time zone,
	"lift_reason" text,
	CONSTRAINT "legal_holds_one_subject" CHECK (("legal_holds"."case_id" is null) <> ("legal_holds"."person_id" is null))
);
--> statement-breakpoint
CREATE TABLE "retention_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_type" "feedback_type" NOT NULL,
	"outcome" "outcome",
	"years" integer NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_rules_years_sensible" CHECK ("retention_rules"."years" between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "data_rights_requests" ADD CONSTRAINT "data_rights_requests_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_rights_requests" ADD CONSTRAINT "data_rights_requests_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_lifted_by_users_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_rules" ADD CONSTRAINT "retention_rules_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_rights_requests_person_idx" ON "data_rights_requests" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "legal_holds_case_idx" ON "legal_holds" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "legal_holds_person_idx" ON "legal_holds" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "retention_rules_type_once" ON "retention_rules" USING btree ("case_type") WHERE "retention_rules"."outcome" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "retention_rules_type_outcome_once" ON "retention_rules" USING btree ("case_type","outcome") WHERE "retention_rules"."outcome" is not null;--> statement-breakpoint
-- The audit trail stays append-only, with one exception: disposal under the
-- retention schedule (src/services/retention) replaces the personal values in
-- earlier entries about the disposed case or person with a marker. It turns
-- the switch on for its own transaction only (set_config('heard.retention_disposal',
-- 'on', true)), may change only the before/after values, never who, what or
-- when, and records itself as a new entry. DELETE and TRUNCATE are refused always.
CREATE OR REPLACE FUNCTION heard_refuse_audit_change() RETURNS trigger AS $$
BEGIN
  -- The same function guards the access log (0022), which has no exception: only audit_events is looked into.
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_events' AND current_setting('heard.retention_disposal', true) = 'on' THEN
    IF NEW.id = OLD.id AND NEW.occurred_at = OLD.occurred_at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.actor_label = OLD.actor_label AND NEW.action = OLD.action AND NEW.entity = OLD.entity
       AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.case_id IS NOT DISTINCT FROM OLD.case_id THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
