CREATE TABLE "report_learning_choices" (
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"learning_point_id" uuid NOT NULL,
	"chosen_by" uuid,
	"chosen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_learning_choices_period_from_period_to_learning_point_id_pk" PRIMARY KEY("period_from","period_to","learning_point_id")
);
--> statement-breakpoint
ALTER TABLE "report_learning_choices" ADD CONSTRAINT "report_learning_choices_learning_point_id_learning_points_id_fk" FOREIGN KEY ("learning_point_id") REFERENCES "public"."learning_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_learning_choices" ADD CONSTRAINT "report_learning_choices_chosen_by_users_id_fk" FOREIGN KEY ("chosen_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_points" DROP COLUMN "in_report";