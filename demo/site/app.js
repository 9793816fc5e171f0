import { render } from './pages.js'
import { PERSONAS, announce, currentPersona, switchPersona } from './personas.js'

// Client-side routing with the History API: Goyo's SDK sees each navigation as a page view.
const view = document.getElementById('view')

function show(path) {
  view.replaceChildren(...render(path))
  document.querySelectorAll('nav a').forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('href') === path))
  view.focus({ preventScroll: true })
}

window.navigate = (path) => {
  history.pushState({}, '', path)
  show(path)
}

document.addEventListener('click', (event) => {
  const anchor = event.target.closest('a[data-route], a[href^="/"]')
  if (!anchor || event.metaKey || event.ctrlKey || anchor.target) return
  const url = new URL(anchor.href, location.href)
  if (url.origin !== location.origin) return
  event.preventDefault()
  window.navigate(url.pathname + url.hash)
})
window.addEventListener('popstate', () => show(location.pathname))

const select = document.getElementById('persona')
const persona = currentPersona()
for (const p of PERSONAS) {
  const option = document.createElement('option')
  option.value = p.id
  option.textContent = `${p.name}, ${p.account.name} ($${p.account.arr.toLocaleString('en-US')} ARR)`
  option.selected = p.id === persona.id
  select.append(option)
}
select.addEventListener('change', () => switchPersona(select.value))
document.getElementById('persona-help').textContent = persona.help

announce(persona)
show(location.pathname)
