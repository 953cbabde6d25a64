// Starts GOV.UK Frontend components. Loaded as a module from /static/build/, next to the bundle the
// build copies there. (Of MoJ Frontend the service uses only the sub-navigation, which needs no script.)
import { initAll } from './govuk-frontend.min.js'

initAll()

// Content swapped in by htmx needs its components started too. The scope is the
// parent because querySelectorAll does not match the scope element itself; siblings
// already started throw InitError, which is expected and ignored.
document.addEventListener('htmx:load', (event) => {
  const scope = event.detail.elt.parentElement
  if (!scope || event.detail.elt === document.body) return
  const onError = (error) => { if (error.name !== 'InitError') console.log(error) }
  initAll({ scope, onError })
})
