CREATE TYPE "public"."case_link_kind" AS ENUM('related', 'duplicate_of');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('new', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."clock_event_kind" AS ENUM('extended', 'paused', 'resumed', 'restarted');--> statement-breakpoint
CREATE TYPE "public"."clock_name" AS ENUM('acknowledgement', 'concern_resolution', 'stage1_response', 'stage2_request', 'stage2_investigation', 'stage3_request', 'stage3_panel', 'stage3_chair_report', 'stage3_authority_response', 'lgsco_enquiry');--> statement-breakpoint
CREATE TYPE "public"."feedback_type" AS ENUM('complaint', 'compliment', 'comment', 'concern', 'mp_enquiry', 'question');--> statement-breakpoint
CREATE TYPE "public"."lgsco_decision" AS ENUM('upheld', 'not_upheld', 'closed_after_initial_enquiries', 'premature_referred_back', 'not_investigated');--> statement-breakpoint
CREATE TYPE "public"."org_unit_kind" AS ENUM('directorate', 'service', 'team');--> statement-breakpoint
CREATE TYPE "public"."outcome" AS ENUM('upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_finding', 'outside_jurisdiction');--> statement-breakpoint
CREATE TYPE "public"."party_role" AS ENUM('complainant', 'child', 'advocate', 'representative');--> statement-breakpoint
CREATE TYPE "public"."procedure" AS ENUM('childrens_statutory', 'corporate', 'adult_social_care_statutory', 'out_of_scope');--> statement-breakpoint
CREATE TYPE "public"."reference_kind" AS ENUM('category', 'theme', 'service_user_group', 'complainant_relationship', 'ethnicity', 'channel', 'remedy_type', 'learning_type', 'action_type', 'compliment_origin', 'compliment_theme');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('administrator', 'complaints_officer', 'investigating_manager', 'senior_manager', 'report_viewer');--> statement-breakpoint
CREATE TYPE "public"."stage_kind" AS ENUM('stage1', 'stage2', 'stage3', 'lgsco');--> statement-breakpoint
CREATE TYPE "public"."stage_role" AS ENUM('investigating_manager', 'independent_investigating_officer', 'independent_person', 'panel_chair', 'panel_member', 'adjudicating_officer');--> statement-breakpoint
CREATE TABLE "org_unit_names" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "org_unit_names_valid_range" CHECK ("org_unit_names"."valid_to" is null or "org_unit_names"."valid_to" >= "org_unit_names"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "org_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "org_unit_kind" NOT NULL,
	"parent_id" uuid,
	"successor_id" uuid,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_units_closed_after_opened" CHECK ("org_units"."closed_on" is null or "org_units"."closed_on" >= "org_units"."opened_on")
);
--> statement-breakpoint
CREATE TABLE "reference_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "reference_kind" NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"financial" boolean DEFAULT false NOT NULL,
	"is_child" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_items_kind_code" UNIQUE("kind","code")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"data" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"email" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "staff_role" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"team_id" uuid,
	"manager_id" uuid,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"given_name" text DEFAULT '' NOT NULL,
	"family_name" text DEFAULT '' NOT NULL,
	"date_of_birth" date,
	"ethnicity_id" uuid,
	"email" text,
	"phone" text,
	"address_line1" text,
	"address_line2" text,
	"town" text,
	"postcode" text,
	"persistent_flag" boolean DEFAULT false NOT NULL,
	"persistent_flagged_on" date,
	"persistent_review_on" date,
	"persistent_contact_plan" text,
	"anonymised_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachments_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "case_links" (
	"case_id" uuid NOT NULL,
	"linked_case_id" uuid NOT NULL,
	"kind" "case_link_kind" NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_links_case_id_linked_case_id_pk" PRIMARY KEY("case_id","linked_case_id"),
	CONSTRAINT "case_links_not_self" CHECK ("case_links"."case_id" <> "case_links"."linked_case_id")
);
--> statement-breakpoint
CREATE TABLE "case_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" "party_role" NOT NULL,
	"relationship_id" uuid,
	"service_user_group_id" uuid,
	"looked_after" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_parties_once" UNIQUE("case_id","person_id","role")
);
--> statement-breakpoint
CREATE TABLE "case_procedure_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"from_procedure" "procedure",
	"to_procedure" "procedure" NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_themes" (
	"case_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	CONSTRAINT "case_themes_case_id_theme_id_pk" PRIMARY KEY("case_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "case_type_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"from_type" "feedback_type",
	"to_type" "feedback_type" NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliments" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid,
	"staff_user_id" uuid,
	"staff_name" text,
	"staff_role" text,
	"origin_id" uuid,
	"theme_id" uuid,
	"values_shown" text,
	"shared_on" date
);
--> statement-breakpoint
CREATE TABLE "feedback_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"type" "feedback_type" NOT NULL,
	"status" "case_status" DEFAULT 'new' NOT NULL,
	"procedure" "procedure",
	"channel_id" uuid,
	"received_on" date NOT NULL,
	"events_on" date,
	"late_acceptance_reason" text,
	"acknowledged_on" date,
	"subject" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"outcome_wanted" text,
	"signposting" text,
	"main_category_id" uuid,
	"team_id" uuid,
	"investigating_manager_id" uuid,
	"outcome" "outcome",
	"outcome_override_reason" text,
	"closed_on" date,
	"advocacy_offered_on" date,
	"advocacy_response" text,
	"consent_obtained_on" date,
	"consent_note" text,
	"migrated" boolean DEFAULT false NOT NULL,
	"legacy_reference" text,
	"legacy_system" text,
	"merged_into_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_cases_reference_unique" UNIQUE("reference"),
	CONSTRAINT "feedback_cases_legacy_ref" UNIQUE("legacy_system","legacy_reference"),
	CONSTRAINT "feedback_cases_closed_after_received" CHECK ("feedback_cases"."closed_on" is null or "feedback_cases"."closed_on" >= "feedback_cases"."received_on"),
	CONSTRAINT "feedback_cases_ack_after_received" CHECK ("feedback_cases"."acknowledged_on" is null or "feedback_cases"."acknowledged_on" >= "feedback_cases"."received_on")
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"learning_point_id" uuid,
	"action_type_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner_id" uuid,
	"owner_name" text,
	"due_on" date,
	"completed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_heads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"investigation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"summary" text NOT NULL,
	"finding" text,
	"outcome" "outcome"
);
--> statement-breakpoint
CREATE TABLE "investigations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"investigator_id" uuid,
	"investigator_name" text,
	"started_on" date,
	"responded_on" date,
	"outcome" "outcome",
	"summary" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "investigations_responded_after_started" CHECK ("investigations"."responded_on" is null or "investigations"."started_on" is null or "investigations"."responded_on" >= "investigations"."started_on")
);
--> statement-breakpoint
CREATE TABLE "learning_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"investigation_id" uuid,
	"learning_type_id" uuid NOT NULL,
	"text" text NOT NULL,
	"recorded_on" date NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "remedies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"remedy_type_id" uuid NOT NULL,
	"amount_pence" integer,
	"description" text,
	"due_on" date,
	"completed_on" date,
	"compliance_evidence" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remedies_amount_not_negative" CHECK ("remedies"."amount_pence" is null or "remedies"."amount_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stage_people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"role" "stage_role" NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"organisation" text,
	"appointed_on" date
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" "stage_kind" NOT NULL,
	"procedure" "procedure",
	"requested_on" date,
	"late_request_reason" text,
	"started_on" date,
	"statement_agreed_on" date,
	"reports_received_on" date,
	"adjudicated_on" date,
	"panel_held_on" date,
	"chair_report_received_on" date,
	"panel_recommendations" text,
	"authority_responded_on" date,
	"responded_on" date,
	"closed_on" date,
	"outcome" "outcome",
	"outcome_override_reason" text,
	"investigator_cost_pence" integer,
	"independent_person_cost_pence" integer,
	"panel_cost_pence" integer,
	"other_cost_pence" integer,
	"lgsco_reference" text,
	"lgsco_enquiry_received_on" date,
	"lgsco_enquiry_responded_on" date,
	"lgsco_decision" "lgsco_decision",
	"lgsco_decision_on" date,
	"lgsco_fault_found" boolean,
	"lgsco_injustice_found" boolean,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stages_one_per_kind" UNIQUE("case_id","kind"),
	CONSTRAINT "stages_responded_after_started" CHECK ("stages"."responded_on" is null or "stages"."started_on" is null or "stages"."responded_on" >= "stages"."started_on"),
	CONSTRAINT "stages_closed_after_started" CHECK ("stages"."closed_on" is null or "stages"."started_on" is null or "stages"."closed_on" >= "stages"."started_on"),
	CONSTRAINT "stages_costs_not_negative" CHECK (coalesce("stages"."investigator_cost_pence",0) >= 0 and coalesce("stages"."independent_person_cost_pence",0) >= 0 and coalesce("stages"."panel_cost_pence",0) >= 0 and coalesce("stages"."other_cost_pence",0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "clock_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"stage_id" uuid,
	"clock" "clock_name" NOT NULL,
	"kind" "clock_event_kind" NOT NULL,
	"occurred_on" date NOT NULL,
	"extension_days" integer,
	"extended_to" date,
	"reason" text NOT NULL,
	"complainant_agreed" boolean,
	"agreed_on" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clock_events_extension_shape" CHECK ("clock_events"."kind" <> 'extended' or "clock_events"."extension_days" is not null or "clock_events"."extended_to" is not null),
	CONSTRAINT "clock_events_extension_positive" CHECK ("clock_events"."extension_days" is null or "clock_events"."extension_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"case_id" uuid,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "context_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"financial_year_start" integer NOT NULL,
	"org_unit_id" uuid,
	"measure" text NOT NULL,
	"value" numeric NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "context_figures_once" UNIQUE NULLS NOT DISTINCT("financial_year_start","org_unit_id","measure")
);
--> statement-breakpoint
ALTER TABLE "org_unit_names" ADD CONSTRAINT "org_unit_names_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_parent_id_org_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_successor_id_org_units_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_id_org_units_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_ethnicity_id_reference_items_id_fk" FOREIGN KEY ("ethnicity_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_linked_case_id_feedback_cases_id_fk" FOREIGN KEY ("linked_case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_relationship_id_reference_items_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_service_user_group_id_reference_items_id_fk" FOREIGN KEY ("service_user_group_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_procedure_changes" ADD CONSTRAINT "case_procedure_changes_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_procedure_changes" ADD CONSTRAINT "case_procedure_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_themes" ADD CONSTRAINT "case_themes_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_themes" ADD CONSTRAINT "case_themes_theme_id_reference_items_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_type_changes" ADD CONSTRAINT "case_type_changes_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_type_changes" ADD CONSTRAINT "case_type_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliments" ADD CONSTRAINT "compliments_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliments" ADD CONSTRAINT "compliments_team_id_org_units_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliments" ADD CONSTRAINT "compliments_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliments" ADD CONSTRAINT "compliments_origin_id_reference_items_id_fk" FOREIGN KEY ("origin_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliments" ADD CONSTRAINT "compliments_theme_id_reference_items_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_channel_id_reference_items_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_main_category_id_reference_items_id_fk" FOREIGN KEY ("main_category_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_team_id_org_units_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_investigating_manager_id_users_id_fk" FOREIGN KEY ("investigating_manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_merged_into_id_feedback_cases_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_cases" ADD CONSTRAINT "feedback_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_learning_point_id_learning_points_id_fk" FOREIGN KEY ("learning_point_id") REFERENCES "public"."learning_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_action_type_id_reference_items_id_fk" FOREIGN KEY ("action_type_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_heads" ADD CONSTRAINT "complaint_heads_investigation_id_investigations_id_fk" FOREIGN KEY ("investigation_id") REFERENCES "public"."investigations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investigations" ADD CONSTRAINT "investigations_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investigations" ADD CONSTRAINT "investigations_team_id_org_units_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investigations" ADD CONSTRAINT "investigations_investigator_id_users_id_fk" FOREIGN KEY ("investigator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_points" ADD CONSTRAINT "learning_points_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_points" ADD CONSTRAINT "learning_points_investigation_id_investigations_id_fk" FOREIGN KEY ("investigation_id") REFERENCES "public"."investigations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_points" ADD CONSTRAINT "learning_points_learning_type_id_reference_items_id_fk" FOREIGN KEY ("learning_type_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_points" ADD CONSTRAINT "learning_points_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remedies" ADD CONSTRAINT "remedies_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remedies" ADD CONSTRAINT "remedies_remedy_type_id_reference_items_id_fk" FOREIGN KEY ("remedy_type_id") REFERENCES "public"."reference_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_people" ADD CONSTRAINT "stage_people_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_people" ADD CONSTRAINT "stage_people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clock_events" ADD CONSTRAINT "clock_events_case_id_feedback_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."feedback_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clock_events" ADD CONSTRAINT "clock_events_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clock_events" ADD CONSTRAINT "clock_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_figures" ADD CONSTRAINT "context_figures_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_figures" ADD CONSTRAINT "context_figures_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_unit_names_unit_idx" ON "org_unit_names" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "org_units_parent_idx" ON "org_units" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "people_family_name_idx" ON "people" USING btree ("family_name");--> statement-breakpoint
CREATE INDEX "people_email_idx" ON "people" USING btree ("email");--> statement-breakpoint
CREATE INDEX "people_postcode_idx" ON "people" USING btree ("postcode");--> statement-breakpoint
CREATE INDEX "attachments_case_idx" ON "attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_parties_case_idx" ON "case_parties" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_parties_person_idx" ON "case_parties" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "case_themes_theme_idx" ON "case_themes" USING btree ("theme_id");--> statement-breakpoint
CREATE INDEX "feedback_cases_received_idx" ON "feedback_cases" USING btree ("received_on");--> statement-breakpoint
CREATE INDEX "feedback_cases_status_received_idx" ON "feedback_cases" USING btree ("status","received_on");--> statement-breakpoint
CREATE INDEX "feedback_cases_team_idx" ON "feedback_cases" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "feedback_cases_manager_idx" ON "feedback_cases" USING btree ("investigating_manager_id");--> statement-breakpoint
CREATE INDEX "actions_case_idx" ON "actions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "actions_open_due_idx" ON "actions" USING btree ("completed_on","due_on");--> statement-breakpoint
CREATE INDEX "complaint_heads_investigation_idx" ON "complaint_heads" USING btree ("investigation_id");--> statement-breakpoint
CREATE INDEX "investigations_stage_idx" ON "investigations" USING btree ("stage_id");--> statement-breakpoint
CREATE INDEX "investigations_team_idx" ON "investigations" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "investigations_investigator_idx" ON "investigations" USING btree ("investigator_id");--> statement-breakpoint
CREATE INDEX "learning_points_case_idx" ON "learning_points" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "remedies_stage_idx" ON "remedies" USING btree ("stage_id");--> statement-breakpoint
CREATE INDEX "stage_people_stage_idx" ON "stage_people" USING btree ("stage_id");--> statement-breakpoint
CREATE INDEX "stage_people_user_idx" ON "stage_people" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "stages_case_idx" ON "stages" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "clock_events_case_idx" ON "clock_events" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "audit_events_case_idx" ON "audit_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity","entity_id");