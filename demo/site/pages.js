import { load, money, save } from './store.js'

// Every page is plain DOM built with textContent: user input never becomes markup.
const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value)
    else if (value !== false && value !== undefined) el.setAttribute(key, value === true ? '' : value)
  }
  for (const child of children.flat()) el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  return el
}
const link = (href, text, attrs = {}) => h('a', { href, 'data-route': true, ...attrs }, text)
const track = (event, properties) => window.goyo.track(event, properties)

function dashboard() {
  const data = load()
  const outstanding = data.invoices.filter((i) => i.status !== 'paid').reduce((s, i) => s + i.amount, 0)
  const paid = data.invoices.filter((i) => i.status === 'paid').reduce((s, i) => s + i.amount, 0)
  return [
    h('h1', {}, 'Dashboard'),
    h('section', { class: 'cards' },
      h('div', { class: 'card' }, h('span', {}, 'Outstanding'), h('strong', {}, money(outstanding))),
      h('div', { class: 'card' }, h('span', {}, 'Paid this month'), h('strong', {}, money(paid))),
      h('div', { class: 'card' }, h('span', {}, 'Clients'), h('strong', {}, data.clients.length))),
    h('div', { class: 'actions' },
      link('/invoices/new', 'New invoice', { id: 'new-invoice', class: 'button primary', 'data-goyo-feature': 'invoices.create' }),
      link('/clients', 'Add client', { class: 'button' })),
    invoiceTable(data.invoices.slice(-5).reverse(), data),
  ]
}

function invoiceTable(invoices, data) {
  const name = (id) => data.clients.find((c) => c.id === id)?.name ?? 'Unknown client'
  return h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Invoice'), h('th', {}, 'Client'), h('th', {}, 'Due'), h('th', { class: 'num' }, 'Amount'), h('th', {}, 'Status'))),
    h('tbody', {}, invoices.map((i) => h('tr', {}, h('td', {}, i.id), h('td', {}, name(i.client)), h('td', {}, i.due), h('td', { class: 'num' }, money(i.amount)), h('td', {}, h('span', { class: `status ${i.status}` }, i.status))))))
}

function invoices() {
  const data = load()
  return [
    h('h1', {}, 'Invoices'),
    h('div', { class: 'actions' },
      link('/invoices/new', 'New invoice', { class: 'button primary', 'data-goyo-feature': 'invoices.create' }),
      h('button', { class: 'button', 'data-goyo-feature': 'payments.reminders', onclick: () => track('Reminder Scheduled', { days: 3 }) }, 'Schedule reminders')),
    invoiceTable([...data.invoices].reverse(), data),
  ]
}

function newInvoice() {
  const data = load()
  const form = h('form', { class: 'panel', onsubmit: (event) => {
    event.preventDefault()
    const fields = new FormData(form)
    const invoice = { id: `INV-${1040 + data.invoices.length + 1}`, client: fields.get('client'), amount: Number(fields.get('amount')) || 0, due: fields.get('due'), status: 'draft' }
    data.invoices.push(invoice)
    track('Invoice Created', { amount: invoice.amount })
    if (event.submitter?.value === 'send') {
      invoice.status = 'sent'
      track('Invoice Sent', { amount: invoice.amount })
    }
    save(data)
    // Saving loads the invoice list afresh, as a server-rendered form post would: a new page, on
    // which Goyo asks again what this user may see (an offer this invoice earned shows now).
    location.assign('/invoices')
  } },
    h('label', {}, 'Client', h('select', { id: 'invoice-client', name: 'client', required: true }, data.clients.map((c) => h('option', { value: c.id }, c.name)))),
    h('div', { id: 'invoice-lines' },
      h('label', {}, 'Description', h('input', { name: 'description', placeholder: 'Design work, November', required: true })),
      h('label', {}, 'Amount (USD)', h('input', { name: 'amount', type: 'number', min: '0', step: '0.01', required: true }))),
    h('label', {}, 'Due date', h('input', { name: 'due', type: 'date', required: true })),
    h('div', { class: 'actions' },
      h('button', { class: 'button', type: 'submit', value: 'draft' }, 'Save draft'),
      h('button', { class: 'button primary', type: 'submit', value: 'send', 'data-goyo-feature': 'invoices.send' }, 'Save & send')))
  return [h('h1', {}, 'New invoice'), form]
}

function clients() {
  const data = load()
  const form = h('form', { class: 'panel inline', onsubmit: (event) => {
    event.preventDefault()
    const fields = new FormData(form)
    data.clients.push({ id: `c${data.clients.length + 1}`, name: fields.get('name'), email: fields.get('email') })
    save(data)
    track('Client Added')
    window.navigate('/clients')
  } },
    h('label', {}, 'Name', h('input', { name: 'name', required: true })),
    h('label', {}, 'Email', h('input', { name: 'email', type: 'email' })),
    h('button', { id: 'add-client', class: 'button primary', type: 'submit', 'data-goyo-feature': 'clients.add' }, 'Add client'))
  return [h('h1', {}, 'Clients'), form, h('ul', { class: 'list' }, data.clients.map((c) => h('li', {}, h('strong', {}, c.name), ' ', c.email ?? '')))]
}

function reports() {
  const data = load()
  const byStatus = ['draft', 'sent', 'paid'].map((status) => [status, data.invoices.filter((i) => i.status === status).reduce((s, i) => s + i.amount, 0)])
  const max = Math.max(1, ...byStatus.map(([, v]) => v))
  return [
    h('h1', {}, 'Reports'),
    h('section', { class: 'panel' }, h('h2', {}, 'Revenue by status'),
      h('div', { class: 'bars' }, byStatus.map(([status, value]) => h('div', { class: 'bar-row' }, h('span', {}, status), h('meter', { min: '0', max: String(max), value: String(value) }), h('span', { class: 'num' }, money(value)))))),
    h('div', { class: 'actions' },
      h('button', { class: 'button primary', 'data-goyo-feature': 'reports.export', onclick: () => track('Report Exported', { format: 'csv' }) }, 'Export CSV')),
  ]
}

function settings(section) {
  const data = load()
  if (section === 'branding') {
    return [h('h1', {}, 'Branding'), h('section', { class: 'panel' },
      h('p', {}, 'Your logo and colours on every invoice.'),
      h('button', { class: 'button primary', 'data-goyo-feature': 'settings.branding', onclick: () => track('Branding Updated') }, 'Upload logo'))]
  }
  if (section === 'billing') {
    return [h('h1', {}, 'Billing'), h('section', { class: 'panel', id: 'seats' },
      h('p', {}, 'Seats let teammates log in.'),
      h('button', { class: 'button primary', onclick: () => track('Seats Added', { seats: 5 }) }, 'Add 5 seats'))]
  }
  const form = h('form', { class: 'panel', onsubmit: (event) => {
    event.preventDefault()
    const fields = new FormData(form)
    data.company = { name: fields.get('name'), address: fields.get('address') }
    save(data)
    track('Company Profile Completed')
  } },
    h('label', {}, 'Company name', h('input', { name: 'name', value: data.company.name ?? '' })),
    h('label', {}, 'Address', h('input', { name: 'address', value: data.company.address ?? '' })),
    h('button', { class: 'button primary', type: 'submit' }, 'Save company details'))
  return [h('h1', {}, 'Settings'), form, h('p', {}, link('/settings/branding', 'Branding'), ' · ', link('/settings/billing', 'Billing and seats'))]
}

function payrollTrial() {
  return [h('h1', {}, 'Ledgerly Payroll'), h('section', { class: 'panel' },
    h('p', {}, 'Pay your team on the same day your clients pay you.'),
    h('button', { class: 'button primary', 'data-goyo-feature': 'payroll.run', onclick: () => { track('Payroll Trial Started'); window.navigate('/') } }, 'Start the 14-day trial'))]
}

function help() {
  return [h('h1', {}, 'Book a call'), h('section', { class: 'panel' }, h('p', {}, 'Pick a time and a Ledgerly specialist will set up your invoicing with you.'))]
}

/** The pages, by path. */
export function render(path) {
  if (path === '/' ) return dashboard()
  if (path === '/invoices') return invoices()
  if (path === '/invoices/new') return newInvoice()
  if (path === '/clients') return clients()
  if (path === '/reports') return reports()
  if (path === '/settings') return settings()
  if (path.startsWith('/settings/')) return settings(path.slice('/settings/'.length))
  if (path.startsWith('/payroll')) return payrollTrial()
  if (path.startsWith('/help')) return help()
  return [h('h1', {}, 'Not found'), h('p', {}, link('/', 'Back to the dashboard'))]
}
