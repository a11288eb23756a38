// Builds dist/assets: our stylesheet (GOV.UK Frontend compiled with our settings), GOV.UK
// Frontend's JavaScript, and our own scripts. The pages themselves are rendered by
// `wardline build-static`, from the same code that serves them.
import { mkdirSync, copyFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, 'dist', 'assets')
mkdirSync(out, { recursive: true })

const css = sass.compile(join(here, 'src', 'app.scss'), { style: 'compressed', quietDeps: true, silenceDeprecations: ['import'] })
writeFileSync(join(out, 'app.css'), css.css)

const govuk = join(here, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
copyFileSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'))
for (const file of ['app.js', 'init.js']) copyFileSync(join(here, 'src', file), join(out, file))

// Leaflet, for the report form's map (served from this site: the CSP allows no other script).
const leaflet = join(here, 'node_modules', 'leaflet', 'dist')
mkdirSync(join(out, 'leaflet', 'images'), { recursive: true })
for (const file of ['leaflet.js', 'leaflet.css']) copyFileSync(join(leaflet, file), join(out, 'leaflet', file))
for (const file of ['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png', 'layers.png', 'layers-2x.png']) {
  copyFileSync(join(leaflet, 'images', file), join(out, 'leaflet', 'images', file))
}
console.log(`built ${out}`)
