// Cymraeg in headless Chromium: a resident switches the site to Welsh on a phone and
// reports a problem (a mistake first, so the error summary is seen), a pin dropped on the
// map is announced in Welsh, and every resident page after it is Welsh; an officer switches
// the portal to Welsh and back without losing their place. Every page is scanned with axe
// while it says lang="cy".
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launchBrowser, newPage, axe, mailTo, signIn } from './harness.mjs'

let server
let base
let browser
// The Welsh resident's report, which the officer then opens.
let reference

before(async () => {
  ({ server, base } = await startServer())
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  server?.kill()
})

async function isWelsh (p, label) {
  assert.equal(await p.locator('html').getAttribute('lang'), 'cy', `${label} says it is Welsh`)
  await axe(p, `${label} (in Welsh)`)
}

test('a resident reports in Welsh and every page they see after is Welsh', async () => {
  const p = await newPage(browser)
  await p.goto(`${base}/`)
  assert.equal(await p.locator('html').getAttribute('lang'), 'en')
  // The switch names Welsh in Welsh, and tells a screen reader what it does in Welsh.
  const toWelsh = p.getByRole('link', { name: "Newid yr iaith i'r Gymraeg" })
  assert.equal(await toWelsh.locator('[aria-hidden="true"]').innerText(), 'Cymraeg')
  await toWelsh.click()
  await p.waitForURL(/\/\?lang=cy$/)
  assert.equal(await p.locator('h1').innerText(), 'Rhoi gwybod am broblem')
  await isWelsh(p, 'the report form')

  // A mistake: the errors are Welsh, the page still Welsh.
  await p.getByRole('button', { name: 'Anfon yr adroddiad' }).click()
  await p.waitForURL(/\/reports/)
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Mae problem wedi codi[\s\S]*Dewiswch y math o broblem/)
  assert.match(await p.title(), /^Gwall: /)
  await isWelsh(p, 'the report form with errors')

  await p.getByLabel('Tipio anghyfreithlon').check()
  await p.getByLabel('Disgrifiwch y broblem').fill('Matres a bagiau bin wedi eu gadael yn y gilfan')
  await p.locator('#map[data-map="slippy"]').waitFor()
  const { x, y } = await p.evaluate(() => document.getElementById('map').wlMap.latLngToContainerPoint([52.601, -1.237]))
  await p.locator('.wl-map__slippy').click({ position: { x, y } })
  assert.match(await p.locator('#map').innerText(), /Pin wedi'i osod yn ward Riverside/)
  await p.getByLabel('Ydw, anfonwch ddiweddariadau ataf drwy e-bost').check()
  await p.getByLabel('Enw llawn').fill('Gwenllian Jones')
  await p.getByLabel('Cyfeiriad e-bost').fill('gwenllian@example.com')
  await p.getByLabel('Rhannu fy manylion a\'r adroddiad hwn gyda fy nghynghorydd/cynghorwyr lleol').check()
  await p.getByRole('button', { name: 'Anfon yr adroddiad' }).click()
  await p.waitForURL(/\/confirmation/)
  assert.equal(await p.locator('h1').innerText(), "Adroddiad wedi'i anfon")
  await isWelsh(p, 'the confirmation page')
  reference = (await p.locator('.govuk-panel__body strong').innerText()).trim()

  // The acknowledgement is Welsh; its links open Welsh pages.
  const [ack] = await mailTo(base, 'gwenllian@example.com')
  assert.match(ack.subject, /^Rydym wedi cael eich adroddiad/)
  await p.goto(`${base}/reports/${reference}`)
  assert.match(await p.locator('main').innerText(), /Tipio anghyfreithlon/)
  await isWelsh(p, 'the progress page')
  await p.goto(ack.text.match(/http:\/\/\S+\/consent\/\S+/)[0])
  await isWelsh(p, 'the sharing settings')
  for (const [path, heading] of [
    ['/reports', 'Gwirio cynnydd adroddiad'],
    ['/privacy', 'Hysbysiad preifatrwydd'],
    ['/your-data', "Cael neu ddileu'r wybodaeth sydd gennym amdanoch"],
    ['/performance', 'Sut rydym yn gwneud'],
    ['/open-data', 'Data agored'],
    ['/no/such/page', "Heb ddod o hyd i'r dudalen"]
  ]) {
    await p.goto(`${base}${path}`)
    assert.equal(await p.locator('h1').innerText(), heading, path)
    await isWelsh(p, path)
  }
  // The Welsh privacy notice is the Welsh text.
  await p.goto(`${base}/privacy`)
  assert.match(await p.locator('main').innerText(), /Pwy ydym ni/)
  await p.context().close()
})

test('an officer works in Welsh and switches back to English on the same page', async () => {
  const p = await newPage(browser, { width: 1024 })
  await signIn(base, p, 'jane.smith@ashworth.example')
  await p.waitForURL(/\/portal/)
  await p.getByRole('link', { name: "Newid yr iaith i'r Gymraeg" }).click()
  await p.waitForURL(/lang=cy/)
  await isWelsh(p, "the team's queue")
  // Fly-tipping is Jane's team's: the Welsh resident's case is in her queue.
  await p.getByRole('link', { name: reference }).click()
  await p.waitForURL(/\/portal\/cases\//)
  assert.match(await p.locator('main').innerText(), /Diweddaru'r achos[\s\S]*Tipio anghyfreithlon/)
  await isWelsh(p, 'a case page')
  const here = new URL(p.url()).pathname
  await p.getByRole('link', { name: 'Change the language to English' }).click()
  await p.waitForURL((url) => url.pathname === here && url.search.includes('lang=en'))
  assert.equal(await p.locator('html').getAttribute('lang'), 'en')
  await axe(p, 'the same page in English')
  await p.context().close()
})

test("a councillor's every page in Welsh, and a resident's data", async () => {
  const p = await newPage(browser, { width: 1024 })
  await signIn(base, p, 'amira.patel@ashworth.example')
  await p.waitForURL(/\/portal/)
  for (const [path, label] of [
    ['/portal/ward?lang=cy', 'my ward'],
    ['/portal/following', 'the cases I follow'],
    [`/portal/cases/${reference}`, "the Welsh resident's case, shared with her"],
    ['/portal/performance', 'the ward dashboard'],
    ['/portal/performance/standards', 'five quarters'],
    ['/portal/performance/map', 'the map of reports'],
    ['/portal/settings', 'your emails'],
    ['/portal/log', 'log a case'],
    ['/portal/find?reference=ACDE-FHJK', 'find a case that is not there']
  ]) {
    await p.goto(`${base}${path}`)
    await isWelsh(p, label)
  }
  await p.context().close()

  // The resident asks for their data from the Welsh page; the link opens Welsh pages.
  const r = await newPage(browser)
  await r.goto(`${base}/your-data?lang=cy`)
  await r.getByLabel('Cyfeiriad e-bost').fill('gwenllian@example.com')
  await r.getByRole('button', { name: 'Anfon dolen ataf' }).click()
  await isWelsh(r, 'check your email')
  const mail = await mailTo(base, 'gwenllian@example.com', 2)
  const link = mail.at(-1).text.match(/http:\/\/\S+\/your-data\/\S+/)[0]
  assert.match(link, /lang=cy$/)
  const other = await newPage(browser)
  await other.goto(link)
  assert.equal(await other.locator('h1').innerText(), 'Y wybodaeth sydd gennym amdanoch')
  await isWelsh(other, 'the data held, opened on another device')
  await r.context().close()
  await other.context().close()
})
