// The report form in headless Chromium, as residents meet it: with and without JavaScript,
// on a phone-sized screen, with an accessibility scan (axe-core, WCAG 2.2 AA) of every page.
//
// Run by `make test` after the Rust build; needs `chromium` (Debian) and static/node_modules.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startServer, launchBrowser, newPage, axe, mailTo, shots } from './harness.mjs'

let server
let base
let browser

before(async () => {
  ({ server, base } = await startServer())
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  server?.kill()
})

const page = (options) => newPage(browser, options)

test('a resident without JavaScript reports a missed bin by address and ward', async () => {
  const p = await page({ javaScriptEnabled: false })
  await p.goto(`${base}/`)
  await p.getByLabel('Missed bin collection').check()
  await p.getByLabel('Describe the problem').fill('Grey bin not emptied on Monday')
  await p.getByLabel('Address or description of the place').fill('9 Hollins Road')
  await p.getByLabel('Ward', { exact: true }).selectOption('hollins-park')
  await p.getByLabel('No, report it anonymously').check()
  await p.getByRole('button', { name: 'Send report' }).click()
  // Anonymous: nothing to share, so no sharing token in the address.
  await p.waitForURL(/\/confirmation$/)
  assert.match(await p.locator('h1').innerText(), /Report sent/)
  assert.match(await p.locator('.govuk-panel__body').innerText(), /[ACDEFHJKMNPRTWXY34679]{4}-[ACDEFHJKMNPRTWXY34679]{4}/)
  assert.match(await p.locator('main').innerText(), /we will not email you/)
  await p.screenshot({ path: join(shots, 'confirmation-no-js.png'), fullPage: true })
  await p.context().close()
})

test('an empty form shows the error summary, focused, linking to each field', async () => {
  const p = await page()
  await p.goto(`${base}/`)
  await p.getByRole('button', { name: 'Send report' }).click()
  await p.waitForSelector('.govuk-error-summary')
  assert.match(await p.title(), /^Error: /)
  // GOV.UK Frontend's script (a module, run after the page is parsed) moves the focus: wait
  // for it rather than race it.
  const focused = await p.waitForFunction(
    () => document.activeElement?.closest('.govuk-error-summary') !== null, null, { timeout: 10000 }
  ).then(() => true, () => false)
  assert.ok(focused, 'GOV.UK Frontend moves focus to the summary')
  await p.getByRole('link', { name: 'Enter a description of the problem' }).click()
  assert.equal(await p.evaluate(() => document.activeElement.id), 'description')
  await p.screenshot({ path: join(shots, 'form-errors.png'), fullPage: true })
  await axe(p, 'the form with errors')
  await p.context().close()
})

test('a registered resident drops a pin on the map and gets the acknowledgement', async () => {
  const p = await page()
  await p.goto(`${base}/`)
  await axe(p, 'the report form')
  await p.getByLabel('Fly-tipping').check()
  await p.getByLabel('Describe the problem').fill('Mattress and bin bags dumped in the lay-by')
  // The real map, its tiles from the local tile server; a pin in the middle of Riverside.
  await p.locator('#map[data-map="slippy"]').waitFor()
  assert.ok(await p.locator('.wl-map__slippy img.leaflet-tile-loaded').count() > 0, 'tiles loaded')
  assert.match(await p.locator('.leaflet-control-attribution').innerText(), /OpenStreetMap contributors/)
  const { x, y } = await p.evaluate(() => document.getElementById('map').wlMap.latLngToContainerPoint([52.601, -1.237]))
  await p.locator('.wl-map__slippy').click({ position: { x, y } })
  assert.equal(await p.getByLabel('Ward', { exact: true }).inputValue(), 'riverside')
  assert.match(await p.locator('#map').innerText(), /Pin placed in Riverside ward/)
  assert.notEqual(await p.locator('#lat').inputValue(), '')
  await p.getByLabel('Yes, email me updates').check()
  await p.getByLabel('Full name').fill('Priya Kaur')
  await p.getByLabel('Email address').fill('priya@example.com')
  await p.screenshot({ path: join(shots, 'form-filled.png'), fullPage: true })
  await p.getByRole('button', { name: 'Send report' }).click()
  // The resident's own sharing token rides along in the address (?access=…).
  await p.waitForURL(/\/confirmation\?access=/)
  const reference = (await p.locator('.govuk-panel__body strong').innerText()).trim()
  await axe(p, 'the confirmation page')
  await p.getByRole('link', { name: 'Check the progress of your report' }).click()
  assert.match(await p.locator('h1').innerText(), new RegExp(reference))
  assert.match(await p.locator('main').innerText(), /Riverside/)
  await axe(p, 'the status page')

  const mail = await mailTo(base, 'priya@example.com')
  assert.equal(mail.length, 1)
  assert.match(mail[0].text, new RegExp(`Your reference is ${reference}`))
  await p.goto(`${base}/dev/mail`)
  await p.screenshot({ path: join(shots, 'local-mail.png'), fullPage: true })
  await p.context().close()
})

test('when the map tiles cannot be reached, the wards\' outlines take the map\'s place', async () => {
  const p = await page()
  await p.route('**/dev/tiles/**', (route) => route.abort())
  await p.goto(`${base}/`)
  const riverside = p.locator('path[data-ward="riverside"]')
  await riverside.click()
  assert.equal(await p.getByLabel('Ward', { exact: true }).inputValue(), 'riverside')
  assert.match(await p.locator('#map').innerText(), /Pin placed in Riverside ward/)
  assert.equal(await p.locator('.leaflet-container').count(), 0, 'the slippy map is gone')
  await axe(p, 'the report form with the outline map')
  await p.context().close()
})

test('checking an unknown reference explains what a reference looks like', async () => {
  const p = await page()
  await p.goto(`${base}/reports`)
  await p.getByLabel('Reference').fill('WXYW-XYWX')
  await p.getByRole('button', { name: 'Check progress' }).click()
  assert.match(await p.locator('h1').innerText(), /We could not find that report/)
  await axe(p, 'the not-found page')
  await p.context().close()
})

test('anyone can see how the council is doing, from the footer', async () => {
  const p = await page()
  await p.goto(`${base}/`)
  await p.getByRole('link', { name: 'How we are doing' }).click()
  assert.match(await p.locator('h1').innerText(), /How we are doing/)
  assert.match(await p.locator('table').innerText(), /Type of problem/)
  await axe(p, 'the public performance page')
  await p.context().close()
})
