CREATE TABLE "bank_holiday_refresh" (
	"key" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone,
	"last_tried_at" timestamp with time zone,
	"last_outcome" text,
	"last_message" text
);
--> statement-breakpoint
CREATE TABLE "due_date_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"clock" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"told_in_letter" boolean DEFAULT false NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_holiday_sets" ADD COLUMN "via" text DEFAULT 'upload' NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_holiday_refresh" ADD CONSTRAINT "bank_holiday_refresh_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_date_notices" ADD CONSTRAINT "due_date_notices_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "due_date_notices_case_idx" ON "due_date_notices" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "due_date_notices_to_idx" ON "due_date_notices" USING btree ("to_date");