// Ledgerly's own data, kept in the browser so the demo needs no backend of its own.
const KEY = 'ledgerly.data'

const SEED = {
  clients: [
    { id: 'c1', name: 'Blue Harbour Cafe', email: 'accounts@blueharbour.example' },
    { id: 'c2', name: 'Northwind Traders', email: 'ap@northwind.example' },
  ],
  invoices: [
    { id: 'INV-1041', client: 'c1', amount: 1280, due: '2026-12-01', status: 'paid' },
    { id: 'INV-1042', client: 'c2', amount: 640, due: '2026-12-12', status: 'sent' },
  ],
  company: { name: '', address: '' },
}

export function load() {
  try {
    return { ...SEED, ...JSON.parse(localStorage.getItem(KEY) ?? '{}') }
  } catch {
    return structuredClone(SEED)
  }
}

export function save(data) {
  localStorage.setItem(KEY, JSON.stringify(data))
}

export const money = (amount) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount)
