import { fewerThan, NOT_SHOWN, type PublicationSetting } from './publication.ts';

/** What a download says first about its figures: published (small numbers hidden) or exact (not to be published). */
export function editionNotice(publication: PublicationSetting | null): string[] {
  if (publication)
    return [
      'For publication: small numbers are hidden.',
      `Numbers from 1 to ${publication.threshold - 1} are shown as “${fewerThan(publication.threshold)}”, and numbers marked “${NOT_SHOWN}” are hidden so that a smaller one cannot be worked out from a total.`,
    ];
  return [
    'Exact figures: not for publication.',
    'This workbook has every number as it is, including counts of 1 to 4 by ethnicity, relationship, service user group, team or theme, which can identify a child.',
    'For anything shared outside the complaints team, download the edition for publication instead.',
  ];
}
