/**
 * Staff roles and what each may do. The server checks a permission on every
 * route; pages only hide what the server would refuse anyway.
 */
export const ROLES = [
  'administrator',
  'complaints_officer',
  'investigating_manager',
  'senior_manager',
  'report_viewer',
] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrator',
  complaints_officer: 'Complaints officer',
  investigating_manager: 'Investigating manager',
  senior_manager: 'Senior manager',
  report_viewer: 'Report viewer',
};

export const PERMISSIONS = [
  'cases.read.all', // see every case
  'cases.read.allocated', // see cases allocated to me
  'cases.write.all', // change any case
  'cases.write.allocated', // change cases allocated to me
  'reports.read', // aggregate figures and reports
  'reports.write', // the annual report's own text (foreword, commentary, "You said, we did")
  'admin.manage', // teams, reference data, users, rules
  'audit.read', // the audit trail of a case
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  administrator: ['cases.read.all', 'cases.write.all', 'reports.read', 'reports.write', 'admin.manage', 'audit.read'],
  complaints_officer: ['cases.read.all', 'cases.write.all', 'reports.read', 'reports.write', 'audit.read'],
  investigating_manager: ['cases.read.allocated', 'cases.write.allocated', 'reports.read'],
  senior_manager: ['cases.read.all', 'reports.read', 'audit.read'],
  report_viewer: ['reports.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/**
 * Who may be named a case's investigating manager: someone who could then
 * work the case. A senior manager reads but changes no case, and a report
 * viewer sees no case, so neither is offered nor accepted.
 */
export function mayManageCases(role: Role): boolean {
  return can(role, 'cases.write.all') || can(role, 'cases.write.allocated');
}

export interface CaseAccessFacts {
  /** Users allocated to the case: its investigating manager, stage people, investigators. */
  allocatedUserIds: readonly string[];
}

export function canReadCase(role: Role, userId: string, facts: CaseAccessFacts): boolean {
  if (can(role, 'cases.read.all')) return true;
  return can(role, 'cases.read.allocated') && facts.allocatedUserIds.includes(userId);
}

export function canWriteCase(role: Role, userId: string, facts: CaseAccessFacts): boolean {
  if (can(role, 'cases.write.all')) return true;
  return can(role, 'cases.write.allocated') && facts.allocatedUserIds.includes(userId);
}
