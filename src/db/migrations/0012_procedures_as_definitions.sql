-- Procedures are definitions in code (src/domain/procedures, ADR 0011), not a fixed database enum:
-- a council adds one with a new definition, with no migration. The keys stored are unchanged.
ALTER TABLE "org_units" ALTER COLUMN "default_procedure" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "case_procedure_changes" ALTER COLUMN "from_procedure" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "case_procedure_changes" ALTER COLUMN "to_procedure" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "feedback_cases" ALTER COLUMN "procedure" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "stages" ALTER COLUMN "procedure" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "timescale_policies" ALTER COLUMN "procedure" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."procedure";