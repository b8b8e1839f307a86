CREATE TABLE "report_case_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"doc" text,
	"format" integer
);
--> statement-breakpoint
ALTER TABLE "report_case_facts" ADD CONSTRAINT "report_case_facts_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_case_facts_format_idx" ON "report_case_facts" USING btree (coalesce("format", 0));