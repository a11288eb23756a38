// Every page at 320 px (the narrowest phones WCAG's reflow criterion asks for): nothing
// makes the whole page scroll sideways; wide tables scroll inside a labelled region.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launchBrowser, newPage, signIn } from './harness.mjs'

let server
let base
let browser

before(async () => {
  ({ server, base } = await startServer({ seed: true }))
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  server?.kill()
})

async function noSidewaysScroll (p, path) {
  await p.goto(`${base}${path}`)
  const [scroll, width] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  return scroll <= width ? null : `${path}: ${scroll}px wide at ${width}px`
}

test('public pages at 320 px', async () => {
  const p = await newPage(browser, { width: 320 })
  const wide = []
  for (const path of ['/', '/reports', '/performance', '/open-data', '/privacy', '/your-data', '/sign-in']) {
    const problem = await noSidewaysScroll(p, path)
    if (problem) wide.push(problem)
  }
  assert.deepEqual(wide, [])
})

test('an officer\'s, a councillor\'s and a manager\'s pages at 320 px', async () => {
  const wide = []
  const officer = await newPage(browser, { width: 320 })
  await signIn(base, officer, 'jane.smith@ashworth.example')
  await officer.goto(`${base}/portal/queue`)
  const first = await officer.locator('table a').first().getAttribute('href')
  for (const path of ['/portal/queue', first]) {
    const problem = await noSidewaysScroll(officer, path)
    if (problem) wide.push(problem)
  }
  const councillor = await newPage(browser, { width: 320 })
  await signIn(base, councillor, 'amira.patel@ashworth.example')
  for (const path of ['/portal/ward', '/portal/following', '/portal/performance', '/portal/performance/standards',
    '/portal/performance/map', '/portal/settings', '/portal/log']) {
    const problem = await noSidewaysScroll(councillor, path)
    if (problem) wide.push(problem)
  }
  const manager = await newPage(browser, { width: 320 })
  await signIn(base, manager, 'helen.hughes@ashworth.example')
  for (const path of ['/portal/performance', '/portal/performance/standards?rows=team']) {
    const problem = await noSidewaysScroll(manager, path)
    if (problem) wide.push(problem)
  }
  assert.deepEqual(wide, [])
})
