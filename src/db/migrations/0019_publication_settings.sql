CREATE TABLE "publication_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"threshold" integer DEFAULT 5 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publication_settings_one_row" CHECK ("publication_settings"."id" = 1),
	CONSTRAINT "publication_settings_threshold" CHECK ("publication_settings"."threshold" between 3 and 10)
);
--> statement-breakpoint
ALTER TABLE "publication_settings" ADD CONSTRAINT "publication_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;