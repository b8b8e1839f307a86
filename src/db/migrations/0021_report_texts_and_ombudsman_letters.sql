CREATE TABLE "report_editions" (
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_editions_period_from_period_to_pk" PRIMARY KEY("period_from","period_to"),
	CONSTRAINT "report_editions_status" CHECK ("report_editions"."status" in ('draft', 'final'))
);
--> statement-breakpoint
CREATE TABLE "report_texts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"block" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_texts_one_per_block" UNIQUE("period_from","period_to","block")
);
--> statement-breakpoint
CREATE TABLE "ombudsman_letters" (
	"financial_year_start" integer PRIMARY KEY NOT NULL,
	"received" integer NOT NULL,
	"detailed_investigations" integer NOT NULL,
	"upheld" integer NOT NULL,
	"compliance_percent" integer,
	"satisfactory_remedy" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ombudsman_letters_counts" CHECK ("ombudsman_letters"."received" >= 0 and "ombudsman_letters"."detailed_investigations" >= 0 and "ombudsman_letters"."upheld" between 0 and "ombudsman_letters"."detailed_investigations"),
	CONSTRAINT "ombudsman_letters_compliance" CHECK ("ombudsman_letters"."compliance_percent" is null or "ombudsman_letters"."compliance_percent" between 0 and 100),
	CONSTRAINT "ombudsman_letters_remedy" CHECK ("ombudsman_letters"."satisfactory_remedy" is null or "ombudsman_letters"."satisfactory_remedy" between 0 and "ombudsman_letters"."upheld")
);
--> statement-breakpoint
ALTER TABLE "learning_points" ADD COLUMN "in_report" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "report_editions" ADD CONSTRAINT "report_editions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_texts" ADD CONSTRAINT "report_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ombudsman_letters" ADD CONSTRAINT "ombudsman_letters_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;