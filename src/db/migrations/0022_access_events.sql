CREATE TABLE "access_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"case_id" uuid,
	"case_ids" uuid[],
	"entity_id" text,
	"detail" jsonb,
	"client_address" text
);
--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_events_case_idx" ON "access_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "access_events_case_ids_idx" ON "access_events" USING gin ("case_ids");--> statement-breakpoint
CREATE INDEX "access_events_actor_idx" ON "access_events" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "access_events_occurred_idx" ON "access_events" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id","id");--> statement-breakpoint
-- Who saw what is append-only, as the audit trail is (0001): the same function refuses any rewrite.
CREATE TRIGGER access_events_append_only BEFORE UPDATE OR DELETE ON access_events
  FOR EACH ROW EXECUTE FUNCTION heard_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER access_events_no_truncate BEFORE TRUNCATE ON access_events
  FOR EACH STATEMENT EXECUTE FUNCTION heard_refuse_audit_change();
