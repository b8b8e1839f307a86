CREATE TABLE "council_logo" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"png_base64" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "council_logo_one_row" CHECK ("council_logo"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "council_logo" ADD CONSTRAINT "council_logo_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;