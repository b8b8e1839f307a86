import { z } from 'zod';
import { ROLES } from '../../../domain/access/roles.ts';
import { choice, text } from '../../forms.ts';

/** A group given a role; the service says whether the group ID will do (GroupRoleCommand). */
export const groupRoleForm = z.object({
  groupId: text(),
  role: choice(ROLES, 'Select a role'),
});
