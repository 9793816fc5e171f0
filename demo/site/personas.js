// The demo users: one per customer-success tier, and a Japanese user of a Tokyo account. Switching persona is what a real app does
// on logout and login: reset() forgets the previous user, identify() and group() name the new one.
export const PERSONAS = [
  {
    id: 'tess', name: 'Tess Nakamura', role: 'owner', email: 'tess@tinyco.example',
    account: { id: 'demo-tinyco', name: 'Tinyco Studio', arr: 900, mrr: 75, plan: 'starter', seats: 2, products: ['invoicing'] },
    help: 'Tinyco pays $900 a year: a tech-touch account. Goyo onboards it in the product: a checklist, the Payroll offer, NPS.',
  },
  {
    id: 'leo', name: 'Leo Martins', role: 'admin', email: 'leo@midmarket.example',
    account: { id: 'demo-midmarket', name: 'Midmarket Logistics', arr: 9000, mrr: 750, plan: 'team', seats: 10, products: ['invoicing'] },
    help: 'Midmarket pays $9,000 a year: low-touch. It gets the checklist too, and a pooled CS team watches its health.',
  },
  {
    id: 'hana', name: 'Hana Okafor', role: 'finance lead', email: 'hana@hugecorp.example',
    account: { id: 'demo-hugecorp', name: 'Hugecorp Holdings', arr: 90000, mrr: 7500, plan: 'enterprise', seats: 60, products: ['invoicing', 'payroll'] },
    help: 'Hugecorp pays $90,000 a year: high-touch. Its CSM onboards it in person, so Goyo shows no checklist and no offers.',
  },
  {
    id: 'yui', name: 'Yui Sato (佐藤 結衣)', role: 'owner', email: 'yui@sakura-design.example', locale: 'ja',
    account: { id: 'demo-sakura', name: 'Sakura Design, Tokyo', arr: 1200, mrr: 100, plan: 'starter', seats: 3, products: ['invoicing'] },
    help: 'Sakura Design, a Tokyo studio, pays $1,200 a year: tech-touch. Yui uses Ledgerly in Japanese (her locale trait is "ja"), so Goyo speaks Japanese to her, even in an English browser.',
  },
]

const KEY = 'ledgerly.persona'

export function currentPersona() {
  const id = localStorage.getItem(KEY)
  return PERSONAS.find((p) => p.id === id) ?? PERSONAS[0]
}

/** Tells Goyo who the user and their account are, with the traits that drive tiers and health. */
export function announce(persona, goyo = window.goyo) {
  const signup = localStorage.getItem(`${KEY}.signup.${persona.id}`) ?? new Date().toISOString()
  localStorage.setItem(`${KEY}.signup.${persona.id}`, signup)
  // `locale` is the user's language as the app knows it: Goyo's texts and widgets follow it.
  goyo.identify(`${persona.account.id}-${persona.id}`, { name: persona.name, email: persona.email, role: persona.role, createdAt: signup, ...(persona.locale ? { locale: persona.locale } : {}) })
  const { id, ...traits } = persona.account
  goyo.group(id, { ...traits, createdAt: signup })
}

export function switchPersona(id) {
  localStorage.setItem(KEY, id)
  window.goyo.reset()
  announce(currentPersona())
  location.assign('/')
}
