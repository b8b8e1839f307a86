import type { ReferenceKind } from './kinds.ts';

/**
 * The lists a new Heard starts with, drawn from the seed annual reports and
 * national returns. Administrators add, relabel and retire items from here.
 * Codes are stable; imports and reports use them.
 */
export interface DefaultItem {
  code: string;
  label: string;
  /** Remedy types only: whether the remedy carries an amount in pounds. */
  financial?: boolean;
  /** Complainant relationships only: the complainant is the child themself. */
  isChild?: boolean;
}

export const REFERENCE_DEFAULTS: Record<ReferenceKind, DefaultItem[]> = {
  category: [
    { code: 'SERVICE_STANDARDS', label: 'Service standards (quality, failure to act)' },
    { code: 'COMMUNICATION', label: 'Communication (failure or poor)' },
    { code: 'STAFF_CONDUCT', label: 'Staff attitude or behaviour' },
    { code: 'DELAY', label: 'Delay' },
    { code: 'DECISION', label: 'Disagreement with a decision' },
    { code: 'POLICY', label: 'Policy or procedure' },
    { code: 'INFORMATION', label: 'Information held or shared' },
    { code: 'FINANCE', label: 'Finance or charges' },
  ],
  theme: [
    { code: 'EHC_PLAN', label: 'Education, Health and Care (EHC) plan' },
    { code: 'CHILD_PROTECTION_PLAN', label: 'Child protection plan' },
    { code: 'CONTACT', label: 'Supervised or unsupervised contact' },
    { code: 'LAC_SUPPORT', label: 'Support for looked after children' },
    { code: 'ASSESSMENT', label: 'Assessment' },
    { code: 'SOCIAL_WORKER_CHANGE', label: 'Change of social worker' },
    { code: 'SCHOOL_TRANSPORT', label: 'School transport' },
    { code: 'ADMISSIONS', label: 'School admissions' },
    { code: 'CARE_LEAVER_SUPPORT', label: 'Care leaver support' },
    { code: 'FOSTERING', label: 'Fostering' },
    { code: 'DATA_PROTECTION', label: 'Data protection and records' },
    { code: 'FINANCIAL_SUPPORT', label: 'Financial support' },
  ],
  service_user_group: [
    { code: 'CIN', label: 'Child in need' },
    { code: 'LAC', label: 'Looked after child' },
    { code: 'CP', label: 'Child protection plan' },
    { code: 'CARE_LEAVER', label: 'Care leaver' },
    { code: 'EARLY_HELP', label: 'Early help' },
    { code: 'SEND', label: 'SEND / EHCP' },
    { code: 'DISABLED', label: 'Disabled child' },
    { code: 'ADOPTION', label: 'Adoption' },
    { code: 'NONE', label: 'Not known to services' },
  ],
  complainant_relationship: [
    { code: 'MOTHER', label: 'Mother' },
    { code: 'FATHER', label: 'Father' },
    { code: 'GRANDPARENT', label: 'Grandparent' },
    { code: 'OTHER_RELATIVE', label: 'Other relative' },
    { code: 'FOSTER_CARER', label: 'Foster carer' },
    { code: 'ADOPTER', label: 'Adopter' },
    { code: 'SPECIAL_GUARDIAN', label: 'Special guardian' },
    { code: 'ADVOCATE', label: 'Advocate' },
    { code: 'CHILD', label: 'Child or young person', isChild: true },
    { code: 'SOLICITOR', label: 'Solicitor' },
    { code: 'MP', label: 'MP or councillor' },
    { code: 'PROFESSIONAL', label: 'Professional' },
    { code: 'OTHER', label: 'Other' },
  ],
  // DfE school census / CLA ethnicity codes.
  ethnicity: [
    { code: 'WBRI', label: 'White - British' },
    { code: 'WIRI', label: 'White - Irish' },
    { code: 'WIRT', label: 'Traveller of Irish heritage' },
    { code: 'WROM', label: 'Gypsy / Roma' },
    { code: 'WOTH', label: 'Any other White background' },
    { code: 'MWBC', label: 'White and Black Caribbean' },
    { code: 'MWBA', label: 'White and Black African' },
    { code: 'MWAS', label: 'White and Asian' },
    { code: 'MOTH', label: 'Any other mixed background' },
    { code: 'AIND', label: 'Indian' },
    { code: 'APKN', label: 'Pakistani' },
    { code: 'ABAN', label: 'Bangladeshi' },
    { code: 'AOTH', label: 'Any other Asian background' },
    { code: 'BCRB', label: 'Black Caribbean' },
    { code: 'BAFR', label: 'Black African' },
    { code: 'BOTH', label: 'Any other Black background' },
    { code: 'CHNE', label: 'Chinese' },
    { code: 'OOTH', label: 'Any other ethnic group' },
    { code: 'REFU', label: 'Refused' },
    { code: 'NOBT', label: 'Information not yet obtained' },
  ],
  channel: [
    { code: 'WEB_FORM', label: 'Web form' },
    { code: 'EMAIL', label: 'Email' },
    { code: 'TELEPHONE', label: 'Telephone' },
    { code: 'LETTER', label: 'Letter' },
    { code: 'IN_PERSON', label: 'In person' },
    { code: 'PORTAL', label: 'Customer portal' },
  ],
  remedy_type: [
    { code: 'EXPLANATION', label: 'Explanation' },
    { code: 'APOLOGY', label: 'Apology' },
    { code: 'SERVICE_PROVIDED', label: 'Service provided' },
    { code: 'POLICY_CHANGE', label: 'Change to policy or procedure' },
    { code: 'TRAINING', label: 'Staff training or guidance' },
    { code: 'FINANCIAL', label: 'Financial remedy', financial: true },
    { code: 'OTHER', label: 'Other' },
  ],
  learning_type: [
    { code: 'COMMUNICATION', label: 'Communication or information' },
    { code: 'ATTITUDE', label: 'Attitude or behaviour' },
    { code: 'POLICY', label: 'Policy or procedure' },
    { code: 'SERVICE_QUALITY', label: 'Service quality' },
    { code: 'SERVICE_DELIVERY', label: 'Delivery of a service' },
    { code: 'RECORDING', label: 'Recording and case notes' },
    { code: 'TIMELINESS', label: 'Timeliness' },
  ],
  action_type: [
    { code: 'TRAINING', label: 'Training' },
    { code: 'GUIDANCE', label: 'Guidance or briefing to staff' },
    { code: 'PROCESS_CHANGE', label: 'Change to process' },
    { code: 'POLICY_REVIEW', label: 'Policy review' },
    { code: 'SUPERVISION', label: 'Discussed in supervision' },
    { code: 'OTHER', label: 'Other' },
  ],
  compliment_origin: [
    { code: 'SERVICE_USER', label: 'Service user (child or young person)' },
    { code: 'PARENT_CARER', label: 'Parent or carer' },
    { code: 'COURT', label: 'Court or judge' },
    { code: 'SCHOOL', label: 'School' },
    { code: 'HEALTH', label: 'Health professional' },
    { code: 'OTHER_COUNCIL', label: 'Another council' },
    { code: 'INTERNAL', label: 'Internal colleague' },
    { code: 'OTHER', label: 'Other' },
  ],
  compliment_theme: [
    { code: 'WORKING_PRACTICE', label: 'Working practice' },
    { code: 'SUPPORT_GIVEN', label: 'Support given' },
    { code: 'COMMUNICATION', label: 'Communication' },
    { code: 'OUTCOME', label: 'Outcome achieved' },
    { code: 'KINDNESS', label: 'Kindness and care' },
  ],
};
