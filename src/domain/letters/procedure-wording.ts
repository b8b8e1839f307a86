import type { StageKind } from '../cases/vocabulary.ts';
import type { ProcedureDefinition } from '../procedures/types.ts';

/**
 * How letters name a procedure and describe its stages to a complainant. The
 * stages' shapes are shared between procedures (a corporate Stage 2 has the
 * same dates as a statutory one), but what happens there is not: a statutory
 * children's Stage 2 is an investigation by someone from outside the service,
 * a corporate one a review by a senior manager. A procedure with no wording
 * here (a council's own) is described by its definition's labels.
 */
export interface ProcedureWording {
  /** "the statutory children's social care complaints procedure". */
  name: string;
  /** What each stage is, as the end of "ask for …": "an independent investigation (Stage 2)". */
  stages: Partial<Record<StageKind, string>>;
}

export const PROCEDURE_WORDING: Readonly<Record<string, ProcedureWording>> = {
  // Children Act 1989 Representations Procedure (England) Regulations 2006, regs. 14, 17 and 18.
  childrens_statutory: {
    name: "the statutory children's social care complaints procedure",
    stages: {
      stage1: 'local resolution (Stage 1)',
      stage2:
        'an investigation by an independent investigating officer, with an independent person overseeing it (Stage 2)',
      stage3: 'a review panel of three people independent of the council (Stage 3)',
    },
  },
  corporate: {
    name: "the council's corporate complaints procedure",
    stages: {
      stage1: 'a response from the service (Stage 1)',
      stage2: 'a review of your complaint by a senior manager who was not involved before (Stage 2)',
    },
  },
  // Local Authority Social Services and NHS Complaints (England) Regulations 2009: one local stage.
  adult_social_care_statutory: {
    name: 'the adult social care complaints procedure',
    stages: { stage1: 'our response to your complaint' },
  },
};

/** The procedure's name in a sentence: "under {name}". */
export function procedureName(procedure: ProcedureDefinition): string {
  return PROCEDURE_WORDING[procedure.key]?.name ?? `the ${procedure.label.toLowerCase()} complaints procedure`;
}

/** What a stage is, for "ask for …"; the definition's label when there are no words for it. */
export function stageDescription(procedure: ProcedureDefinition, kind: StageKind): string {
  const label = procedure.stages.find((s) => s.kind === kind)?.label ?? kind;
  return PROCEDURE_WORDING[procedure.key]?.stages[kind] ?? label;
}

/** The Local Government and Social Care Ombudsman, as its own site gives its details. */
export const OMBUDSMAN_DETAILS = {
  name: 'the Local Government and Social Care Ombudsman',
  website: 'www.lgo.org.uk',
  phone: '0300 061 0614',
} as const;
