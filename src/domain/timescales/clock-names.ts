/**
 * The clocks a case can run at once, each started by its own event
 * (docs/product.md, "Timescales and clocks"). Clock events (extend, pause, resume, restart)
 * name the clock they act on.
 */
export const CLOCK_NAMES = [
  'acknowledgement',
  'concern_resolution',
  'stage1_response',
  'stage2_request',
  'stage2_investigation',
  'stage3_request',
  'stage3_panel',
  'stage3_chair_report',
  'stage3_authority_response',
  'lgsco_enquiry',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export const CLOCK_LABELS: Record<ClockName, string> = {
  acknowledgement: 'Acknowledgement',
  concern_resolution: 'Informal concern resolution',
  stage1_response: 'Stage 1 response',
  stage2_request: 'Time to ask for Stage 2',
  stage2_investigation: 'Stage 2 investigation',
  stage3_request: 'Time to ask for Stage 3',
  stage3_panel: 'Stage 3 panel held',
  stage3_chair_report: "Panel chair's report",
  stage3_authority_response: "Authority's response to the panel",
  lgsco_enquiry: 'Ombudsman enquiry response',
};

export const CLOCK_EVENT_KINDS = ['extended', 'paused', 'resumed', 'restarted'] as const;
export type ClockEventKind = (typeof CLOCK_EVENT_KINDS)[number];
