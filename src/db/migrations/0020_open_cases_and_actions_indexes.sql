DROP INDEX "actions_open_due_idx";--> statement-breakpoint
CREATE INDEX "feedback_cases_not_closed_idx" ON "feedback_cases" USING btree ("received_on") WHERE "feedback_cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "actions_open_due_idx" ON "actions" USING btree ("due_on","id") WHERE "actions"."completed_on" is null;