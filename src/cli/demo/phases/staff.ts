import type { Role } from '../../../domain/access/roles.ts';
import { DEMO_STAFF_NAMES, DEMO_TEAMS } from '../organisation.ts';
import type { DemoContext, DemoUser } from './context.ts';
import type { DemoOrganisation } from './teams.ts';

export interface DemoStaff {
  officers: DemoUser[];
  senior: DemoUser;
  /** Each team's investigating manager, by team key. */
  managerOf: Map<string, DemoUser>;
}

/** Phase 2, staff: a manager for every two teams, plus the complaints team and readers. */
export function generateStaff(ctx: DemoContext, org: DemoOrganisation): DemoStaff {
  const { r, out } = ctx;
  const user = (
    displayName: string,
    role: Role,
    teamId: string | null = null,
    managerId: string | null = null,
  ): DemoUser => {
    const u = {
      id: r.uuid(),
      email: `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.gov.uk`,
      displayName,
      role,
      teamId,
      managerId,
    };
    out.users.push(u);
    return u;
  };
  user('Alex Admin', 'administrator');
  const officers = [user('Carol Officer', 'complaints_officer'), user('Dev Officer', 'complaints_officer')];
  const senior = user('Sam Senior', 'senior_manager');
  user('Rita Reader', 'report_viewer');
  const managerOf = new Map<string, DemoUser>();
  DEMO_TEAMS.forEach((t, i) => {
    const name = DEMO_STAFF_NAMES[Math.floor(i / 2) % DEMO_STAFF_NAMES.length]!;
    const existing = out.users.find((u) => u.displayName === name);
    managerOf.set(t.key, existing ?? user(name, 'investigating_manager', org.teamIds.get(t.key)!, senior.id));
  });
  return { officers, senior, managerOf };
}
