CREATE TABLE "council_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"contact_address" text DEFAULT '' NOT NULL,
	"contact_hours" text DEFAULT '' NOT NULL,
	"privacy_notice" text DEFAULT '' NOT NULL,
	"accessibility_statement" text DEFAULT '' NOT NULL,
	"cookies_text" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "council_settings_one_row" CHECK ("council_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "tracking_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid,
	"code_hash" text NOT NULL,
	"salt" text NOT NULL,
	"wrong_tries" integer DEFAULT 0 NOT NULL,
	"client_address" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "channel" text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "council_settings" ADD CONSTRAINT "council_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_codes" ADD CONSTRAINT "tracking_codes_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tracking_codes_case_idx" ON "tracking_codes" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "tracking_codes_address_idx" ON "tracking_codes" USING btree ("client_address","created_at");