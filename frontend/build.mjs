// Builds mappa/static/build/: app.css from Sass, plus the JS bundles and the
// images the CSS refers to, copied from node_modules. Run with `npm run build`.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const modules = join(root, 'node_modules')
const out = join(root, 'mappa', 'static', 'build')

await rm(out, { recursive: true, force: true })
await mkdir(join(out, 'images'), { recursive: true })

// GOV.UK Frontend warns when MoJ Frontend uses its deprecated mixins: not ours to fix.
function warnUnlessFromDependency (message, { stack = '' }) {
  const caller = stack.split('\n').find((line) => line.trim() && !line.includes('govuk-frontend/dist/'))
  if (caller && caller.includes('node_modules/')) return
  console.warn(`WARNING: ${message}\n${stack}`)
}

// MoJ Frontend loads "node_modules/govuk-frontend/...", so the repo root is a load path too.
const { css } = sass.compile(join(root, 'frontend', 'scss', 'app.scss'), {
  loadPaths: [modules, root],
  style: 'compressed',
  quietDeps: true,
  logger: { warn: warnUnlessFromDependency }
})
await writeFile(join(out, 'app.css'), css)

const files = {
  'govuk-frontend.min.js': 'govuk-frontend/dist/govuk/govuk-frontend.min.js',
  'govuk-frontend.min.js.map': 'govuk-frontend/dist/govuk/govuk-frontend.min.js.map',
  'htmx.min.js': 'htmx.org/dist/htmx.min.js'
}
for (const [name, from] of Object.entries(files)) {
  await copyFile(join(modules, from), join(out, name))
}
await copyFile(join(root, 'frontend', 'js', 'app.mjs'), join(out, 'app.mjs'))

// The exclusion zone map: Leaflet and leaflet-geoman (globals, loaded before map.mjs), their CSS,
// and the images leaflet.css refers to (relative to it, so in leaflet/images/).
await mkdir(join(out, 'leaflet', 'images'), { recursive: true })
const mapFiles = {
  'leaflet/leaflet.js': 'leaflet/dist/leaflet.js',
  'leaflet/leaflet.css': 'leaflet/dist/leaflet.css',
  'leaflet/leaflet-geoman.min.js': '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js',
  'leaflet/leaflet-geoman.css': '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css'
}
for (const image of ['layers.png', 'layers-2x.png', 'marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png']) {
  mapFiles[`leaflet/images/${image}`] = `leaflet/dist/images/${image}`
}
for (const [name, from] of Object.entries(mapFiles)) {
  await copyFile(join(modules, from), join(out, name))
}
await copyFile(join(root, 'frontend', 'js', 'map.mjs'), join(out, 'map.mjs'))
await copyFile(join(root, 'frontend', 'css', 'map.css'), join(out, 'map.css'))

// Copy only the images app.css uses. Fonts must never be referenced: this is not
// a GOV.UK service and the GDS Transport files are not shipped.
const imageDirs = [
  join(modules, 'govuk-frontend', 'dist', 'govuk', 'assets', 'images'),
  join(modules, '@ministryofjustice', 'frontend', 'moj', 'assets', 'images')
]
const urls = new Set([...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]))
for (const url of urls) {
  if (url.startsWith('data:')) continue
  const image = url.match(/^images\/([\w.-]+)$/)
  const dir = image && imageDirs.find((d) => existsSync(join(d, image[1])))
  if (!dir) throw new Error(`app.css refers to ${url}, which the build does not provide`)
  await copyFile(join(dir, image[1]), join(out, 'images', image[1]))
}

// A copied file that names a source map the build does not ship loses that comment: `collectstatic`
// gives each file a name carrying its hash and refuses a reference to a file that is not there.
const sourceMap = /^[ \t]*(\/\/|\/\*)#[ \t]*sourceMappingURL=([^\s*]+).*$/gm
for (const name of [...Object.keys(files), ...Object.keys(mapFiles)]) {
  if (!/\.(m?js|css)$/.test(name)) continue
  const path = join(out, name)
  const text = await readFile(path, 'utf8')
  const kept = text.replace(sourceMap, (line, _, map) => existsSync(join(dirname(path), map)) ? line : '')
  if (kept !== text) await writeFile(path, kept)
}

await writeFile(join(out, '.built'), new Date().toISOString() + '\n')
console.log(`Built ${out} (${css.length} bytes of CSS, ${urls.size} url() references)`)
