ALTER TABLE "pending_uploads" ALTER COLUMN "content" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD COLUMN "storage_key" text;--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD COLUMN "status" text DEFAULT 'ready' NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD COLUMN "size_bytes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD COLUMN "client_address" text;--> statement-breakpoint
CREATE INDEX "pending_uploads_created_idx" ON "pending_uploads" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "pending_uploads_address_idx" ON "pending_uploads" USING btree ("client_address");--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD CONSTRAINT "pending_uploads_storage_key_unique" UNIQUE("storage_key");--> statement-breakpoint
-- Files staged before the file store: their size, for the quotas, until Heard moves their bytes to the store at start.
UPDATE "pending_uploads" SET "size_bytes" = octet_length("content") WHERE "content" IS NOT NULL;
