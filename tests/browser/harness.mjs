// Shared by the browser tests: a wardline server on a free loopback port with its own data
// folder, Debian's Chromium, an axe-core scan, and the local mail.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { chromium } from '../../static/node_modules/playwright-core/index.mjs'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const axeSource = readFileSync(join(root, 'static/node_modules/axe-core/axe.min.js'), 'utf8')
export const shots = join(root, 'target', 'screenshots')
mkdirSync(shots, { recursive: true })

/// A server on an empty data folder: with `seed`, the demo's year of made-up cases (as the
/// first `make run` has); without, no cases at all.
export async function startServer ({ seed = false } = {}) {
  const bin = process.env.WARDLINE_BIN || join(root, 'target/debug/wardline')
  const dataDir = mkdtempSync(join(tmpdir(), 'wardline-browser-'))
  const args = ['serve', '--port', '0', '--data-dir', dataDir]
  if (!seed) args.push('--no-seed')
  // The map's tiles from the server itself: the tests need no tile server on the internet.
  const server = spawn(bin, args, {
    env: { ...process.env, WARDLINE_MAP_TILES: '/dev/tiles/{z}/{x}/{y}.png' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const base = await new Promise((resolve, reject) => {
    let out = ''
    // Seeding takes a few seconds; the timer is cleared once the server is up, so it does
    // not keep the test process alive.
    const timer = setTimeout(() => reject(new Error(`wardline did not start: ${out}`)), 120000)
    server.stdout.on('data', (chunk) => {
      out += chunk
      const m = out.match(/Report a problem:\s+(http:\/\/[^/\s]+)\//)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    server.on('exit', (code) => reject(new Error(`wardline exited with ${code}: ${out}`)))
  })
  return { server, base, dataDir, bin }
}

export function launchBrowser () {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
}

/// Everything the Content-Security-Policy blocked on any page a test opened: the pages
/// must work under the policy the server sends, so a test fails on the first report.
export const cspViolations = []

export async function newPage (browser, { javaScriptEnabled = true, width = 375 } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 812 } })
  const page = await context.newPage()
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`)
  })
  return page
}

/// Fails if any page broke the Content-Security-Policy.
export function assertNoCspViolations () {
  assert.deepEqual(cspViolations, [], 'the pages broke their Content-Security-Policy')
}

export async function axe (p, label) {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy
  // does not govern (an injected <script> would be blocked, as it should be).
  await p.evaluate(axeSource)
  assertNoCspViolations()
  const result = await p.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }))
  // GOV.UK Frontend sets aria-expanded on radios that reveal more questions. ARIA does not
  // list it for radios, but screen readers announce it and GOV.UK keeps it on purpose after
  // research with users (alphagov/govuk-frontend#979). That one finding, and only on those
  // radios, is allowed; anything else fails.
  const knownGovukFinding = (v) => v.id === 'aria-allowed-attr' &&
    v.nodes.every((n) => /^<input class="govuk-radios__input"[^>]*aria-expanded=/.test(n.html))
  const problems = result.violations.filter((v) => !knownGovukFinding(v))
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  assert.deepEqual(problems, [], `${label} has accessibility violations`)
}

/// The local mail to `to`, waiting up to five seconds for `atLeast` emails.
export async function mailTo (base, to, atLeast = 1) {
  let mail = []
  for (let i = 0; i < 50; i++) {
    mail = (await (await fetch(`${base}/dev/mail.json`)).json()).filter((m) => m.to === to)
    if (mail.length >= atLeast) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return mail
}

const SIGN_IN_LINK = /http:\/\/\S+\/sign-in\/[0-9a-f]{64}/

/// Signs `p` in as `email` with a fresh link from the local mail: waits for a new sign-in
/// email (other emails to the same person, such as a digest, may arrive in between).
export async function signIn (base, p, email) {
  const links = async () => (await (await fetch(`${base}/dev/mail.json`)).json())
    .filter((m) => m.to === email)
    .map((m) => m.text.match(SIGN_IN_LINK))
    .filter(Boolean)
    .map((m) => m[0])
  const before = (await links()).length
  await p.goto(`${base}/sign-in`)
  await p.getByLabel('Email address').fill(email)
  await p.getByRole('button', { name: 'Email me a sign-in link' }).click()
  let found = []
  for (let i = 0; i < 50 && found.length <= before; i++) {
    found = await links()
    if (found.length <= before) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.ok(found.length > before, `no sign-in link reached ${email}`)
  await p.goto(found.at(-1))
  await p.getByRole('button', { name: 'Sign in' }).click()
}
