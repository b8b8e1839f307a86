import type { Role } from '../domain/access/roles.ts';
import { ROLE_LABELS } from '../domain/access/roles.ts';

/** Whoever asks a service to do something: a signed-in user, the public form, or Heard itself. */
export interface Actor {
  userId: string | null;
  role: Role | null;
  /** How the audit trail names them. */
  label: string;
  /** Heard acting on its own account (an email that went, a command run by an administrator): not a person, so no access check. */
  system?: true;
}

export function userActor(user: { id: string; displayName: string; role: Role }): Actor {
  return { userId: user.id, role: user.role, label: `${user.displayName} (${ROLE_LABELS[user.role].toLowerCase()})` };
}

export function systemActor(label: string): Actor {
  return { userId: null, role: null, label, system: true };
}

export const SYSTEM_ACTOR: Actor = systemActor('Heard (system)');
