CREATE TABLE "code_self_assessments" (
	"financial_year_start" integer NOT NULL,
	"requirement" text NOT NULL,
	"complies" text,
	"commentary" text DEFAULT '' NOT NULL,
	"evidence_link" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "code_self_assessments_financial_year_start_requirement_pk" PRIMARY KEY("financial_year_start","requirement"),
	CONSTRAINT "code_self_assessments_complies" CHECK ("code_self_assessments"."complies" is null or "code_self_assessments"."complies" in ('yes', 'partly', 'no'))
);
--> statement-breakpoint
ALTER TABLE "code_self_assessments" ADD CONSTRAINT "code_self_assessments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;