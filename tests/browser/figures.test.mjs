// The seeded demo, as a manager and a councillor read it at phone width: the dashboard, the
// five quarters against the standards and the map, each axe-clean. The pages need no
// JavaScript (plain GET forms; the chart and the map are server SVG).
import { test, before, after } from 'node:test'
import { execFileSync } from 'node:child_process'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startServer, launchBrowser, newPage, axe, shots, signIn as signInAs } from './harness.mjs'

let server
let base
let dataDir
let bin
let browser

before(async () => {
  ({ server, base, dataDir, bin } = await startServer({ seed: true }))
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  server?.kill()
})

const signIn = (p, email) => signInAs(base, p, email)

test('a manager reads the seeded council, a ward, five quarters and the map', async () => {
  const p = await newPage(browser)
  await signIn(p, 'helen.hughes@ashworth.example')
  await p.goto(`${base}/portal/performance`)
  let text = await p.locator('main').innerText()
  assert.match(text, /Performance in Ashworth Borough Council/)
  assert.match(text, /(Green|Amber|Red): \d+%/, 'a rating in words')
  assert.match(text, /Late and still open at the end of/)
  assert.match(text, /Oldest open cases/)
  await axe(p, 'the council dashboard')
  await p.screenshot({ path: join(shots, 'manager-dashboard.png'), fullPage: true })

  // Choose a ward with the form (no JavaScript).
  await p.getByLabel('Area').selectOption('ward:millbrook')
  await p.getByRole('button', { name: 'Show' }).click()
  text = await p.locator('main').innerText()
  assert.match(text, /Performance in Millbrook/)

  await p.getByRole('link', { name: 'Last five quarters' }).click()
  await p.getByLabel('Show a row for each').selectOption('team')
  await p.getByRole('button', { name: 'Show' }).click()
  text = await p.locator('main').innerText()
  assert.match(text, /Against the standards, by team/)
  assert.match(text, /Highways/)
  await axe(p, 'the standards page by team')
  await p.screenshot({ path: join(shots, 'manager-standards.png'), fullPage: true })

  await p.goto(`${base}/portal/performance/map?area=ward:riverside`)
  text = await p.locator('main').innerText()
  assert.match(text, /Map of reports in Riverside/)
  assert.ok(await p.locator('svg[role="img"] polygon').count() > 5, 'hexagons drawn')
  await axe(p, 'the map')
  await p.screenshot({ path: join(shots, 'ward-map.png'), fullPage: true })
})

test('anyone finds open data from the footer and downloads a month and a quarter', async () => {
  const p = await newPage(browser)
  await p.goto(`${base}/performance`)
  await p.getByRole('link', { name: 'Open data' }).click()
  await p.getByRole('heading', { level: 1, name: 'Open data' }).waitFor()
  await axe(p, 'the open data page')
  const month = await p.locator('a[href$=".csv"]').first().getAttribute('href')
  const csv = await (await fetch(`${base}${month}`)).text()
  assert.match(csv.split('\r\n')[0], /^"category","category_name","ward"/)
  assert.ok(csv.split('\r\n').length > 10, 'the seeded month has reports')
  assert.doesNotMatch(csv, /Demo resident|example\.invalid|\[Demo\]/)
  const quarter = await p.locator('a[href*="summary-"][href$=".json"]').first().getAttribute('href')
  const summary = await (await fetch(`${base}${quarter}`)).json()
  assert.equal(summary.suppressed_under, 5)
  assert.ok(summary.rows.length > 0)
})

test('a councillor reads their ward and cannot reach another area', async () => {
  const p = await newPage(browser)
  await signIn(p, 'amira.patel@ashworth.example')
  await p.goto(`${base}/portal/performance?area=council`)
  const text = await p.locator('main').innerText()
  assert.match(text, /Performance in Riverside/, 'her ward, not the council')
  await axe(p, 'the councillor dashboard')
  await p.goto(`${base}/portal/performance/map`)
  await axe(p, 'the councillor map')
  // Her emails: daily, and every late case; saved and shown again.
  await p.getByRole('link', { name: 'Your emails' }).click()
  await axe(p, 'the email settings')
  await p.getByLabel('Daily').check()
  await p.getByLabel('Email me at once about every case in my wards that goes late').check()
  await p.getByRole('button', { name: 'Save' }).click()
  assert.match(await p.locator('main').innerText(), /Your choices are saved/)
  assert.ok(await p.getByLabel('Daily').isChecked())
  await axe(p, 'the saved email settings')
  await p.screenshot({ path: join(shots, 'councillor-map.png'), fullPage: true })
})

test('the digest, as a councillor receives it, reads without barriers', async () => {
  // The digest command beside the running server; the server's mail loop sends it.
  const out = JSON.parse(execFileSync(bin, ['digest', '--data-dir', dataDir], { encoding: 'utf8' }))
  assert.ok(out.queued > 0, JSON.stringify(out))
  let digest
  for (let i = 0; i < 50 && !digest; i++) {
    const mail = await (await fetch(`${base}/dev/mail.json`)).json()
    // Not Amira's: she chose a daily digest in the test before.
    digest = mail.find((m) => m.to === 'david.lloyd@ashworth.example' && m.subject.startsWith('Your ward'))
    if (!digest) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.ok(digest, 'the digest arrived')
  assert.equal(digest.images.length, 1, 'its chart inside')
  const p = await newPage(browser)
  await p.goto(`${base}/dev/mail/${digest.id}.html`)
  const text = await p.locator('body').innerText()
  assert.match(text, /Millbrook/)
  assert.match(text, /Late and still open at the end of the week: \d+/)
  const chart = p.locator('img[src$=".png"]')
  assert.match(await chart.getAttribute('alt'), /13 weeks: week beginning/)
  assert.ok(await chart.evaluate((img) => img.complete && img.naturalWidth > 0), 'the chart shows')
  await axe(p, 'the digest email')
  await p.screenshot({ path: join(shots, 'digest-email.png'), fullPage: true })
})
