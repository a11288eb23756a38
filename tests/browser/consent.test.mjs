// Consent in headless Chromium: a resident ticks the box on a phone, their councillor sees
// their name, the resident withdraws from the link in their email, and the councillor's next
// page has no name. Every page is scanned with axe.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startServer, launchBrowser, newPage, axe, mailTo, shots, signIn as signInAs } from './harness.mjs'

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

const signIn = (p, email) => signInAs(base, p, email)

test('the tick box is offered only with contact details, and consent can be withdrawn from the email', async () => {
  const resident = await newPage(browser)
  await resident.goto(`${base}/`)
  const box = resident.getByLabel('Share my details and this report with my local councillor(s)')
  // Hidden until the resident chooses to give their details; never ticked for them.
  await resident.getByLabel('No, report it anonymously').check()
  assert.equal(await box.isVisible(), false, 'no tick box for an anonymous report')
  await resident.getByLabel('Fly-tipping').check()
  await resident.getByLabel('Describe the problem').fill('A burnt-out moped on the towpath')
  await resident.getByLabel('Address or description of the place').fill('Canal towpath by the lock')
  await resident.getByLabel('Ward').selectOption('riverside')
  await resident.getByLabel('Yes, email me updates').check()
  assert.equal(await box.isVisible(), true)
  assert.equal(await box.isChecked(), false)
  await resident.getByLabel('Full name').fill('Nadia Karim')
  await resident.getByLabel('Email address').fill('nadia@example.com')
  await box.check()
  await axe(resident, 'the report form with the tick box')
  await resident.getByRole('button', { name: 'Send report' }).click()
  await resident.waitForURL(/\/confirmation/)
  const reference = (await resident.locator('.govuk-panel__body strong').innerText()).trim()
  await axe(resident, 'the confirmation page')

  const councillor = await newPage(browser, { width: 1024 })
  await signIn(councillor, 'amira.patel@ashworth.example')
  await councillor.waitForURL(/\/portal\/ward$/)
  await axe(councillor, 'the ward page')
  await councillor.getByRole('link', { name: reference }).click()
  assert.match(await councillor.locator('main').innerText(), /Nadia Karim/)
  await axe(councillor, 'a case page with consent')
  await councillor.screenshot({ path: join(shots, 'councillor-case.png'), fullPage: true })

  const [ack] = await mailTo(base, 'nadia@example.com')
  const link = ack.text.match(/http:\/\/\S+\/consent\/\S+/)[0]
  await resident.goto(link)
  await axe(resident, 'the sharing settings')
  await resident.getByRole('button', { name: 'Stop sharing my details' }).click()
  assert.match(await resident.locator('main').innerText(), /You have stopped sharing this report/)

  await councillor.reload()
  const page = await councillor.locator('main').innerText()
  assert.doesNotMatch(page, /Nadia Karim/)
  assert.doesNotMatch(page, /burnt-out moped/)
  assert.match(page, /has not agreed to share/)
  await axe(councillor, 'a case page without consent')

  // Logging a case for a constituent, then finding it among the cases followed.
  await councillor.getByRole('link', { name: 'Log a case' }).click()
  await axe(councillor, 'the log-a-case form')
  await councillor.getByLabel('For a constituent').check()
  await councillor.getByLabel("Constituent's full name").fill('Rita Moss')
  await councillor.getByLabel("Constituent's email address").fill('rita@example.com')
  await councillor.getByLabel('Fly-tipping').check()
  await councillor.getByLabel('Describe the problem').fill('Sofa in the alley')
  await councillor.getByLabel('Where is it?').fill('Back of Canal Street')
  await councillor.getByLabel('Ward').selectOption('riverside')
  await councillor.getByRole('button', { name: 'Log the case' }).click()
  assert.match(await councillor.locator('main').innerText(), /You logged it for a constituent/)
  await councillor.getByRole('link', { name: 'Cases I follow' }).click()
  await axe(councillor, 'the cases followed')
  assert.equal(await councillor.locator('tbody tr').count(), 1)
  // The ward's performance: the cases reported above count, as figures and words.
  await councillor.getByRole('link', { name: 'Performance' }).click()
  const performance = await councillor.locator('main').innerText()
  assert.match(performance, /Performance in Riverside/)
  assert.match(performance, /Reports received/)
  assert.match(performance, /Too few to rate \(n = 0\)|Too few to rate/)
  await axe(councillor, 'the ward performance page')
  await councillor.screenshot({ path: join(shots, 'ward-performance.png'), fullPage: true })
})

test('the privacy notice and the your-data pages are accessible', async () => {
  const p = await newPage(browser)
  await p.goto(`${base}/privacy`)
  assert.match(await p.locator('h1').innerText(), /Privacy notice/)
  await axe(p, 'the privacy notice')
  await p.goto(`${base}/your-data`)
  await p.getByRole('button', { name: 'Email me a link' }).click()
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Enter your email address/)
  await axe(p, 'the your-data form with an error')
})
