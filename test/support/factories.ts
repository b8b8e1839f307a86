import type { Role } from '../../src/domain/access/roles.ts';
import { fixedClock, type Clock } from '../../src/domain/clock.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { SYSTEM_ACTOR, userActor, type Actor } from '../../src/services/actor.ts';
import { services, type ServiceOptions, type Services } from '../../src/services/index.ts';
import { testFileStore } from './files.ts';
import type { User } from '../../src/services/users.ts';
import type { NewCaseInput } from '../../src/services/cases/index.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
export const TEST_NOW = '2024-06-03T09:00:00Z';

/** Services on a test database with a fixed clock, the default reference data and a file store in a temporary folder. */
export async function testServices(
  handle: DatabaseHandle,
  clock: Clock = fixedClock(TEST_NOW),
  opts: Partial<ServiceOptions> = {},
): Promise<Services> {
  const svc = services(handle.db, clock, {
    referencePrefix: 'CS',
    files: testFileStore(),
    secretKey: 'a-test-secret-that-is-at-least-32-characters-long',
    ...opts,
  });
  await svc.referenceData.ensureDefaults();
  await svc.timescales.ensureDefaults();
  await svc.letters.ensureDefaults();
  return svc;
}

let counter = 0;
export async function makeUser(
  svc: Services,
  role: Role,
  overrides: Partial<{ email: string; displayName: string; teamId: string }> = {},
): Promise<{ user: User; actor: Actor }> {
  counter += 1;
  const user = await svc.users.create(SYSTEM_ACTOR, {
    email: overrides.email ?? `user${counter}.${role}@example.gov.uk`,
    displayName: overrides.displayName ?? `Test ${role} ${counter}`,
    role,
    password: TEST_PASSWORD,
    teamId: overrides.teamId ?? null,
  });
  return { user, actor: userActor(user) };
}

/** A directorate > service > team, returning the team. */
export async function makeTeam(svc: Services, actor: Actor, name = `Team ${++counter}`, openedOn = '2020-04-01') {
  const directorate = await svc.organisation.create(actor, {
    kind: 'directorate',
    name: `Directorate for ${name}`,
    openedOn,
  });
  const service = await svc.organisation.create(actor, {
    kind: 'service',
    name: `Service for ${name}`,
    parentId: directorate.id,
    openedOn,
  });
  return svc.organisation.create(actor, { kind: 'team', name, parentId: service.id, openedOn });
}

export async function makeCase(svc: Services, actor: Actor, overrides: Partial<NewCaseInput> = {}) {
  return svc.cases.create(actor, {
    type: 'complaint',
    receivedOn: '2024-05-01',
    subject: 'Social worker has not called back',
    description: 'Three weeks without a call.',
    ...overrides,
  });
}
