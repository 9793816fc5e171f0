/** Word lists for the made-up Ledgerly customers; every name is fiction. */

export const COMPANY_FIRST = [
  'Northwind', 'Bluebird', 'Copper', 'Harbor', 'Juniper', 'Maple', 'Granite', 'Lumen', 'Orchard', 'Pioneer',
  'Quarry', 'Redwood', 'Saffron', 'Tidal', 'Willow', 'Alder', 'Beacon', 'Cedar', 'Driftwood', 'Ember',
  'Fjord', 'Golden', 'Hollow', 'Indigo', 'Kestrel', 'Linden', 'Meadow', 'Nimbus', 'Olive', 'Prairie',
]

export const COMPANY_SECOND = [
  'Studio', 'Bakery', 'Design', 'Plumbing', 'Consulting', 'Dental', 'Architects', 'Coffee', 'Legal', 'Media',
  'Logistics', 'Florist', 'Fitness', 'Labs', 'Builders', 'Events', 'Print Shop', 'Translations', 'Bikes', 'Vets',
]

export const COMPANY_SUFFIX = ['', '', '', ' & Co.', ' Ltd', ' LLC', ' Group', ' Partners']

export const FIRST_NAMES = [
  'Ana', 'Ben', 'Chloé', 'Dev', 'Emma', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Luca', 'Maya', 'Noah',
  'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wen', 'Yara', 'Zoe',
]

export const LAST_NAMES = [
  'Alvarez', 'Brown', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski',
  'Lopez', 'Müller', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Weber',
]

export const PAGES = ['/dashboard', '/invoices', '/clients', '/reports', '/settings'] as const

export const PLANS = {
  high: 'Enterprise',
  low: 'Business',
  tech: 'Starter',
} as const

/** NPS comments by score band, as customers write them. */
export const NPS_COMMENTS = {
  promoter: [
    'Invoicing takes me minutes now.',
    'Clients pay faster since we switched.',
    'Simple, and the reminders save me chasing payments.',
    'Great support and the reports are exactly what our accountant wants.',
    '',
  ],
  passive: ['Does the job. Exports could be more flexible.', 'Good, but I miss recurring invoices.', 'Fine for now.', ''],
  detractor: [
    'Too hard to set up for my team.',
    'We barely use it since our bookkeeper left.',
    'Missing the integrations we need.',
    'Slow when we have many clients.',
    '',
  ],
} as const
