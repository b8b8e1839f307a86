CREATE TABLE "bank_holiday_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"first_year" integer NOT NULL,
	"last_year" integer NOT NULL,
	"holidays" jsonb NOT NULL,
	"file_name" text,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "closure_days" (
	"date" date PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timescale_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure" "procedure" NOT NULL,
	"name" text NOT NULL,
	"preset_key" text,
	"effective_from" date NOT NULL,
	"due_soon_days" integer NOT NULL,
	"complaint_time_limit_months" integer,
	"rules" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD COLUMN "timescale_policy_id" uuid;--> statement-breakpoint
ALTER TABLE "bank_holiday_sets" ADD CONSTRAINT "bank_holiday_sets_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_days" ADD CONSTRAINT "closure_days_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timescale_policies" ADD CONSTRAINT "timescale_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "timescale_policies_procedure_idx" ON "timescale_policies" USING btree ("procedure","effective_from");--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_timescale_policy_id_timescale_policies_id_fk" FOREIGN KEY ("timescale_policy_id") REFERENCES "public"."timescale_policies"("id") ON DELETE no action ON UPDATE no action;