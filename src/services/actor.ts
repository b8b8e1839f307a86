import type { Role } from '../domain/access/roles.ts';
import { ROLE_LABELS } from '../domain/access/roles.ts';

/** Whoever asks a service to do something: a signed-in user, the public form, or Heard itself. */
export interface Actor {
  userId: string | null;
  role: Role | null;
  /** How the audit trail names them. */
  label: string;
}

export function userActor(user: { id: string; displayName: string; role: Role }): Actor {
  return { userId: user.id, role: user.role, label: `${user.displayName} (${ROLE_LABELS[user.role].toLowerCase()})` };
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: null, label: 'Heard (system)' };
