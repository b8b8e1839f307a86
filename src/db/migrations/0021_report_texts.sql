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
ALTER TABLE "learning_points" ADD COLUMN "in_report" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "report_editions" ADD CONSTRAINT "report_editions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_texts" ADD CONSTRAINT "report_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;