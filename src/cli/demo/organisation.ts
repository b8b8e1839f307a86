/**
 * The demo council's Children's Services, shaped like the seed reports:
 * social care teams by area, SEND and education teams, and one restructure
 * (a team renamed, another replaced) so reports have history to handle.
 */
export interface DemoTeam {
  key: string;
  name: string;
  service: string;
  /** Relative share of complaints. */
  weight: number;
  /** Complaints about this team usually follow the statutory procedure. */
  statutory: boolean;
  renamedTo?: { name: string; fromMonthsAgo: number };
  replacedBy?: { key: string; closedMonthsAgo: number };
}

export const DEMO_DIRECTORATE = "Children's Services";
export const DEMO_SERVICES = ["Children's Social Care and Safeguarding", 'Early Help and Prevention', 'Education and SEND', 'Corporate Parenting'];

export const DEMO_TEAMS: DemoTeam[] = [
  { key: 'front_door', name: 'Initial Response', service: "Children's Social Care and Safeguarding", weight: 12, statutory: true, renamedTo: { name: 'Children and Families Front Door', fromMonthsAgo: 22 } },
  { key: 'assess1', name: 'Assessment Team 1', service: "Children's Social Care and Safeguarding", weight: 8, statutory: true },
  { key: 'assess2', name: 'Assessment Team 2', service: "Children's Social Care and Safeguarding", weight: 8, statutory: true },
  { key: 'cm_nw', name: 'Case Management North West', service: "Children's Social Care and Safeguarding", weight: 7, statutory: true },
  { key: 'cm_ne', name: 'Case Management North East', service: "Children's Social Care and Safeguarding", weight: 5, statutory: true },
  { key: 'cm_s', name: 'Case Management South', service: "Children's Social Care and Safeguarding", weight: 4, statutory: true },
  { key: 'disabled', name: "Disabled Children's Team", service: "Children's Social Care and Safeguarding", weight: 6, statutory: true },
  { key: 'lac1', name: 'Looked After Children Permanency Team 1', service: 'Corporate Parenting', weight: 4, statutory: true },
  { key: 'lac2', name: 'Looked After Children Permanency Team 2', service: 'Corporate Parenting', weight: 6, statutory: true },
  { key: 'leaving', name: 'Leaving Care Team', service: 'Corporate Parenting', weight: 4, statutory: true },
  { key: 'fostering', name: 'Fostering Team', service: 'Corporate Parenting', weight: 3, statutory: true },
  { key: 'sgo', name: 'Special Guardianship Support', service: 'Corporate Parenting', weight: 2, statutory: true },
  { key: 'early_help', name: 'Early Help North', service: 'Early Help and Prevention', weight: 2, statutory: false, replacedBy: { key: 'stepping', closedMonthsAgo: 26 } },
  { key: 'stepping', name: 'Stepping Stones', service: 'Early Help and Prevention', weight: 2, statutory: false },
  { key: 'send', name: 'SEND Team', service: 'Education and SEND', weight: 22, statutory: false },
  { key: 'transport', name: 'School Transport', service: 'Education and SEND', weight: 6, statutory: false },
  { key: 'admissions', name: 'School Admissions', service: 'Education and SEND', weight: 5, statutory: false },
  { key: 'ot', name: 'Occupational Therapy Team', service: 'Education and SEND', weight: 1, statutory: false },
  { key: 'schools_finance', name: 'Schools Finance Team', service: 'Education and SEND', weight: 1, statutory: false },
];

export const DEMO_STAFF_NAMES = [
  'Priya Shah',
  'Tom Willis',
  'Grace Okafor',
  'Daniel Hughes',
  'Aisha Rahman',
  'Mark Bennett',
  'Sophie Turner',
  'Owen Price',
  'Hannah Lloyd',
  'Ravi Patel',
];

export const DEMO_GIVEN = ['Sarah', 'James', 'Emma', 'Michael', 'Laura', 'David', 'Rachel', 'Paul', 'Kelly', 'Lee', 'Nicola', 'Gareth', 'Zara', 'Imran', 'Chloe', 'Ben', 'Amy', 'Craig', 'Jade', 'Ryan', 'Leanne', 'Stuart', 'Fatima', 'Joanne', 'Kieran'];
export const DEMO_FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Roberts', 'Johnson', 'Lewis', 'Walker', 'Robinson', 'Wood', 'Thompson', 'White', 'Watson', 'Jackson', 'Wright', 'Green', 'Harris', 'Cooper', 'King', 'Lee', 'Martin', 'Clarke', 'James', 'Morgan', 'Hughes', 'Edwards', 'Hill', 'Moore', 'Clark', 'Harrison', 'Scott', 'Young', 'Morris', 'Hall', 'Ward', 'Turner', 'Carter', 'Phillips', 'Mitchell', 'Patel', 'Adams', 'Campbell', 'Anderson', 'Allen', 'Cook'];
export const DEMO_CHILD_GIVEN = ['Olivia', 'Noah', 'Amelia', 'Leo', 'Isla', 'Oscar', 'Ava', 'Arthur', 'Mia', 'Harry', 'Ivy', 'Jack', 'Freya', 'Charlie', 'Lily', 'Theo', 'Ella', 'Alfie', 'Poppy', 'Jacob'];

export const COMPLAINT_SUBJECTS: Record<string, string[]> = {
  statutory: [
    'Social worker has not returned calls for weeks',
    'Unhappy with the outcome of the child and family assessment',
    'Contact arrangements with my children have been cancelled',
    'Information in the child protection report is wrong',
    'Change of social worker without explanation',
    'Placement move without consultation',
    'Lack of support for my grandchild under a special guardianship order',
    'Leaving care allowance paid late',
    'Not invited to the child protection conference',
    'Concerns about how a home visit was carried out',
  ],
  corporate: [
    'EHC plan not issued within 20 weeks',
    'Annual review of EHC plan has not happened',
    'School transport application refused',
    'Taxi for school did not arrive',
    'School place not offered at preferred school',
    'No reply to emails to the SEND team',
    'Delay in deciding on request for EHC needs assessment',
    'Staff member was rude on the telephone',
    'Invoice for school service is wrong',
    'Occupational therapy equipment not delivered',
  ],
};

export const COMPLIMENT_TEXTS = [
  'Thank you so much for always being there to support and help me through my journey.',
  'Your practice needs to be praised: you know the children so well and work diligently on their behalf.',
  'She has been a great help throughout the whole process, explaining everything and making sure we were involved in all decisions.',
  'Thank you for your phone call to say the draft EHC plan is done. We do appreciate the effort made.',
  'The ongoing support from our social worker since the special guardianship order has been invaluable.',
  'A prime example of a care case ably assisted by the professionals involved.',
  'You have been a life saver and we all really appreciate the help you have given.',
];
