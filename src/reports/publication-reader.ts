import { can } from '../domain/access/roles.ts';
import type { ReadingActor } from './traceability.ts';

/**
 * Who may see the exact figures: the analysts, who may read every case
 * (complaints officers, administrators, senior managers). Everyone else who
 * reads reports (report viewers, investigating managers) sees only the
 * published edition, on every page and in every download, whatever they ask
 * for. The Word document and the stand-alone HTML are the published edition
 * for everyone: they are what goes to committee and onto the website.
 */
export function seesExactFigures(actor: ReadingActor): boolean {
  return !!actor.role && !!actor.userId && can(actor.role, 'cases.read.all');
}

/** Whether this reader gets the published edition: always unless they may see exact figures and did not ask for it. */
export function readsPublished(actor: ReadingActor, askedForPublication: boolean): boolean {
  return askedForPublication || !seesExactFigures(actor);
}
