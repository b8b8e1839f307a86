-- Sign-in failures are counted per account and address, and per account over every address (ADR 0008).
-- The old rows (per address typed, for at most an hour) are not carried over.
DELETE FROM "sign_in_throttle";--> statement-breakpoint
ALTER TABLE "sign_in_throttle" DROP CONSTRAINT "sign_in_throttle_pkey";--> statement-breakpoint
ALTER TABLE "sign_in_throttle" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_throttle" ADD COLUMN "last_success_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sign_in_throttle" ADD CONSTRAINT "sign_in_throttle_email_address_pk" PRIMARY KEY("email","address");
