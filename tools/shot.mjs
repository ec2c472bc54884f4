import { chromium } from '@playwright/test';
const base = process.env.BASE ?? 'http://127.0.0.1:3300';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
const steps = JSON.parse(process.argv[2] ?? '[]');
for (const step of steps) {
  if (step.signin) {
    await page.goto(`${base}/signin?next=/`);
    await page.getByRole('button', { name: new RegExp(`Sign in as ${step.signin}`) }).click();
    await page.waitForTimeout(1500);
  }
  if (step.goto) { await page.goto(base + step.goto); await page.waitForTimeout(step.wait ?? 3000); }
  if (step.click) { await page.getByText(step.click, { exact: step.exact ?? false }).first().click(); await page.waitForTimeout(step.wait ?? 1500); }
  if (step.clickTestId) { await page.getByTestId(step.clickTestId).first().click(); await page.waitForTimeout(step.wait ?? 1500); }
  if (step.fill) { await page.getByLabel(step.fill.label).fill(step.fill.value); await page.waitForTimeout(500); }
  if (step.confirm) {
    const label = await page.locator('.pf-v6-c-form__label-text', { hasText: /^Type .* to confirm$/ }).first().innerText();
    const target = /^Type (.*) to confirm$/.exec(label)[1];
    await page.locator('#action-confirmation').fill(target);
    await page.locator('#action-reason').fill(step.confirm);
    await page.waitForTimeout(500);
  }
  if (step.submit) { await page.getByRole('button', { name: step.submit, exact: true }).last().click(); await page.waitForTimeout(step.wait ?? 3000); }
  if (step.press) { await page.keyboard.press(step.press); await page.waitForTimeout(step.wait ?? 1000); }
  if (step.shot) {
    const viewport = page.viewportSize();
    if (step.full) {
      const height = await page.evaluate(() => { const main = document.querySelector('main'); return main ? Math.ceil(main.getBoundingClientRect().top + main.scrollHeight) : document.body.scrollHeight; });
      await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
    }
    await page.screenshot({ path: `/tmp/shots/${step.shot}.png`, fullPage: !!step.full });
    await page.setViewportSize(viewport);
  }
  if (step.text) console.log((await page.locator(step.text).first().innerText()).slice(0, 2000));
}
console.log('errors:', errors.slice(0, 10));
await browser.close();
