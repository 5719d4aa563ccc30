// The browser half of LocalRunEndToEndTest: Debian's Chromium (playwright-core from web/node_modules, as the web
// module's browser test drives it) on the web UI openclaw:run serves. It takes one JSON command per stdin line from
// the test and answers one JSON line per command on stdout ({"ok":true,...} or {"ok":false,"error":...}), so the test
// can act between steps (a Telegram update, a SIGTERM) in the same browser session.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const webDir = process.env.OPENCLAW_WEB_DIR;
const { chromium } = createRequire(join(webDir, 'package.json'))('playwright-core');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const page = await (await browser.newContext({ viewport: { width: 1180, height: 760 }, locale: 'en-US' })).newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));

const assistantCount = () => page.evaluate(() => document.querySelectorAll('.message--assistant').length);
const messages = () => page.evaluate(() => [...document.querySelectorAll('.message')]
  .map((m) => ({ role: m.className.replace(/.*message--(user|assistant|error|system)\b.*/, '$1'), text: m.textContent.trim() })));

/** Sends a text and waits for the first streamed characters of a new assistant message; the time is from Enter. */
async function send(text, timeout) {
  const before = await assistantCount();
  await page.fill('#composer', text);
  const sent = Date.now();
  await page.press('#composer', 'Enter');
  await page.waitForFunction((n) => {
    const all = document.querySelectorAll('.message--assistant');
    return all.length > n && all[all.length - 1].textContent.trim().length > 0;
  }, before, { timeout, polling: 20 });
  return { sent, firstChunkMs: Date.now() - sent };
}

async function waitText(text, timeout) {
  await page.waitForFunction((t) => document.body.innerText.includes(t) && !document.querySelector('.message--streaming'),
    text, { timeout, polling: 50 });
}

const commands = {
  async signIn({ url, email, password }) {
    await page.goto(url);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.press('#password', 'Enter');
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached', timeout: 60_000, polling: 20 });
    return { connectedAt: Date.now() }; // the chat is open: its WebSocket connected
  },
  async send({ text, expect, timeoutMs }) {
    const { sent, firstChunkMs } = await send(text, timeoutMs);
    await waitText(expect, timeoutMs);
    return { sentAt: sent, firstChunkMs, doneMs: Date.now() - sent };
  },
  async sendUntilFirstChunk({ text, timeoutMs }) {
    return send(text, timeoutMs);
  },
  async waitText({ text, timeoutMs }) {
    await waitText(text, timeoutMs);
    return {};
  },
  async reload() {
    await page.reload();
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached', timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('.message').length > 0, null, { timeout: 30_000 });
    return { messages: await messages() };
  },
  async messages() {
    return { messages: await messages() };
  },
  async screenshot({ path }) {
    await page.screenshot({ path });
    return {};
  },
  async pageErrors() {
    return { errors: pageErrors };
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = JSON.parse(line);
  if (command.cmd === 'close') break;
  try {
    const result = await commands[command.cmd](command);
    process.stdout.write(JSON.stringify({ ok: true, ...result }) + '\n');
  } catch (e) {
    const shown = await page.evaluate(() => document.body.innerText).catch(() => '?');
    process.stdout.write(JSON.stringify({ ok: false, error: String(e?.message ?? e), shown }) + '\n');
  }
}
await browser.close();
