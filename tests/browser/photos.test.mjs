// Photos with a report, as a resident, an officer and a councillor meet them in headless
// Chromium: two phone photos carrying GPS in their EXIF are kept without it; the officer
// sees them, a councillor without the resident's consent does not, the public status page
// never does; a file that is not a photo gets the form's error. Every page axe-checked.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, launchBrowser, newPage, axe, signIn, root } from './harness.mjs'

let server
let base
let dataDir
let browser
const fixtures = join(root, 'tests', 'browser', 'fixtures')

before(async () => {
  ({ server, base, dataDir } = await startServer())
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  server?.kill()
})

async function fillReport (p) {
  await p.goto(`${base}/`)
  await p.getByLabel('Fly-tipping').check()
  await p.getByLabel('Describe the problem').fill('A sofa and a fridge dumped by the recycling bins')
  await p.getByLabel('Address or description of the place').fill('Back of 14 Mill Lane')
  await p.getByLabel('Ward', { exact: true }).selectOption('riverside')
  await p.getByLabel('Yes, email me updates').check()
  await p.getByLabel('Full name').fill('Priya Kaur')
  await p.getByLabel('Email address').fill('priya.photos@example.com')
}

test('a resident sends two phone photos; what is kept has no position; who sees them', async () => {
  const original = readFileSync(join(fixtures, 'phone-photo-1.jpg'))
  assert.ok(original.includes('GPS-'), 'the fixture carries a GPS position in its EXIF')

  const resident = await newPage(browser, { javaScriptEnabled: false })
  await fillReport(resident)
  await resident.getByLabel('Photos (optional)').setInputFiles([
    join(fixtures, 'phone-photo-1.jpg'), join(fixtures, 'phone-photo-2.jpg')
  ])
  await resident.getByRole('button', { name: 'Send report' }).click()
  await resident.waitForURL(/\/confirmation/)
  const reference = (await resident.locator('.govuk-panel__body').innerText()).match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)[0]

  // The public status page never shows them.
  await resident.goto(`${base}/reports/${reference}`)
  assert.equal(await resident.locator('img[src*="/photos/"]').count(), 0)
  await resident.context().close()

  // Kept: two photos, each in two sizes, none with EXIF or the position.
  const kept = readdirSync(join(dataDir, 'photos', reference))
  assert.equal(kept.length, 4, kept.join(', '))
  for (const file of kept) {
    const bytes = readFileSync(join(dataDir, 'photos', reference, file))
    assert.ok(!bytes.includes('Exif') && !bytes.includes('GPS-'), `${file} has no metadata`)
  }

  // The officer of the team sees them, and can open each full size.
  const officer = await newPage(browser)
  await signIn(base, officer, 'jane.smith@ashworth.example')
  await officer.goto(`${base}/portal/cases/${reference}`)
  const thumbs = officer.locator('.wl-photos img')
  assert.equal(await thumbs.count(), 2)
  await thumbs.first().evaluate((img) => img.complete || new Promise((resolve) => { img.onload = resolve }))
  assert.ok(await thumbs.first().evaluate((img) => img.naturalWidth > 0), 'the thumbnail loads')
  await axe(officer, 'the officer case page with photos')
  const full = await officer.locator('.wl-photos a').first().getAttribute('href')
  const response = await officer.request.get(`${base}${full}`)
  assert.equal(response.status(), 200)
  assert.equal(response.headers()['content-type'], 'image/jpeg')
  await officer.context().close()

  // A councillor of the ward, without the resident's consent: nothing.
  const councillor = await newPage(browser)
  await signIn(base, councillor, 'amira.patel@ashworth.example')
  await councillor.goto(`${base}/portal/cases/${reference}`)
  assert.equal(await councillor.locator('img[src*="/photos/"]').count(), 0)
  assert.equal((await councillor.request.get(`${base}${full}`)).status(), 404)
  await councillor.context().close()
})

test('with JavaScript, photos upload while the form is filled in and go with the report', async () => {
  const p = await newPage(browser)
  await fillReport(p)
  await p.getByLabel('Photos (optional)').setInputFiles([
    join(fixtures, 'phone-photo-1.jpg'), join(fixtures, 'phone-photo-2.jpg')
  ])
  await p.getByText('Your photos are ready to send with the report.').waitFor()
  assert.equal(await p.locator('input[name="photo_upload"]').count(), 2)
  assert.equal(await p.locator('#photos').getAttribute('name'), null, 'the files do not travel twice')
  await p.getByRole('button', { name: 'Send report' }).click()
  await p.waitForURL(/\/confirmation/)
  const reference = (await p.locator('.govuk-panel__body').innerText()).match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)[0]
  const kept = readdirSync(join(dataDir, 'photos', reference))
  assert.equal(kept.length, 4, kept.join(', '))
  for (const file of kept) {
    const bytes = readFileSync(join(dataDir, 'photos', reference, file))
    assert.ok(!bytes.includes('Exif') && !bytes.includes('GPS-'), `${file} has no metadata`)
  }
  assert.deepEqual(readdirSync(join(dataDir, 'photos', '_uploads')), [], 'the uploads were taken')
  await p.context().close()
})

test('a file that is not a photo is refused with the form error, and nothing is kept', async () => {
  const p = await newPage(browser)
  await fillReport(p)
  await p.getByLabel('Photos (optional)').setInputFiles(join(fixtures, 'not-a-photo.jpg'))
  await p.getByRole('button', { name: 'Send report' }).click()
  await p.waitForSelector('.govuk-error-summary')
  assert.match(await p.locator('.govuk-error-summary').innerText(), /The selected file must be a photo/)
  assert.match(await p.locator('#photos-hint').innerText(), /choose them again/)
  await p.getByRole('link', { name: /The selected file must be a photo/ }).click()
  assert.equal(await p.evaluate(() => document.activeElement.id), 'photos')
  await axe(p, 'the form with a photo error')
  await p.context().close()
})
