// An officer's day in headless Chromium: sign in with the link from the local mail, find a
// resident's report in the team queue, move it on, and the resident hears about it.
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

async function report (email) {
  const res = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'fly-tipping',
      description: 'Fridge and mattress dumped behind the shops',
      address: 'Service road behind Mill Parade',
      lat: 52.60,
      lng: -1.20,
      reporter: { name: 'Chris Lee', email }
    })
  })
  assert.equal(res.status, 201)
  return (await res.json()).reference
}

test('an officer signs in from the emailed link, updates a case, and the resident is told', async () => {
  const reference = await report('chris@example.com')
  const p = await newPage(browser, { width: 1024 })
  await p.goto(`${base}/sign-in`)
  await axe(p, 'the sign-in page')
  await p.getByLabel('Email address').fill('jane.smith@ashworth.example')
  await p.getByRole('button', { name: 'Email me a sign-in link' }).click()
  assert.match(await p.locator('h1').innerText(), /Check your email/)

  const [link] = await mailTo(base, 'jane.smith@ashworth.example')
  const url = link.text.match(/http:\/\/\S+\/sign-in\/[0-9a-f]{64}/)[0]
  await p.goto(url)
  await p.getByRole('button', { name: 'Sign in' }).click()
  await p.waitForURL(/\/portal\/queue$/)
  assert.match(await p.locator('h1').innerText(), /Street Scene queue/)
  await axe(p, 'the team queue')
  await p.screenshot({ path: join(shots, 'portal-queue.png'), fullPage: true })

  await p.getByRole('link', { name: reference }).click()
  assert.match(await p.locator('main').innerText(), /Chris Lee/)
  // The pin on the map, from the local tile server.
  await p.locator('#case-map[data-map="slippy"] .leaflet-container').waitFor()
  assert.ok(await p.locator('#case-map path.leaflet-interactive').count() > 0, 'the pin is drawn')
  await axe(p, 'the case page')
  await p.getByLabel('New status').selectOption('action_scheduled')
  // A week from now (the date must not be in the past, whenever the test runs).
  const booked = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10)
  await p.getByLabel('Date the work is booked for (for Action scheduled)').fill(booked)
  await p.getByLabel('Note for the resident (optional)').fill('A crew will clear it on Friday morning.')
  await p.getByLabel('Internal note (optional)').fill('Needs the caged van.')
  await p.getByRole('button', { name: 'Update the case' }).click()
  await p.waitForURL(/updated=1$/)
  assert.match(await p.locator('.govuk-notification-banner').innerText(), /Case updated/)
  await p.screenshot({ path: join(shots, 'portal-case.png'), fullPage: true })

  const mail = await mailTo(base, 'chris@example.com', 2)
  const update = mail.find((m) => m.subject.includes('is now: Action scheduled'))
  assert.ok(update, `a status email: ${mail.map((m) => m.subject)}`)
  assert.match(update.text, /A crew will clear it on Friday morning\./)
  assert.match(update.text, /We have booked the work for /)
  assert.doesNotMatch(update.text, /caged van/)

  await p.getByRole('button', { name: 'Sign out' }).click()
  assert.match(await p.locator('main').innerText(), /You have signed out/)
  await p.goto(`${base}/portal/queue`)
  await p.waitForURL(/\/sign-in\?next=%2Fportal%2Fqueue$/)
})

test('a used sign-in link explains itself', async () => {
  const p = await newPage(browser)
  await p.goto(`${base}/sign-in`)
  await p.getByLabel('Email address').fill('omar.haddad@ashworth.example')
  await p.getByRole('button', { name: 'Email me a sign-in link' }).click()
  const [link] = await mailTo(base, 'omar.haddad@ashworth.example')
  const url = link.text.match(/http:\/\/\S+\/sign-in\/[0-9a-f]{64}/)[0]
  await p.goto(url)
  await p.getByRole('button', { name: 'Sign in' }).click()
  await p.waitForURL(/\/portal\/queue$/)
  const other = await newPage(browser)
  await other.goto(url)
  await other.getByRole('button', { name: 'Sign in' }).click()
  assert.match(await other.locator('h1').innerText(), /expired or has already been used/)
  await axe(other, 'the used-link page')
})
