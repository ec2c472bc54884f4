import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, expect, type Locator, type Page } from '@playwright/test';

export const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../reports/screenshots');

/** Console errors and uncaught exceptions of every page the test visits. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message} (${page.url()})`));
  return errors;
}

/**
 * The portal scrolls inside its main area (PatternFly's Page), so Playwright's fullPage sees one
 * screen; growing the viewport to the content's height captures all of it.
 */
export async function screenshotWholePage(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? Math.ceil(main.getBoundingClientRect().top + main.scrollHeight) : document.body.scrollHeight;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: path.join(screenshots, name), fullPage: true });
  await page.setViewportSize(viewport);
}

/** How far an element's content reaches past its visible width, in pixels: above 0 it scrolls (or is cut off) sideways. */
export async function sidewaysOverflow(element: Locator): Promise<number> {
  return element.evaluate((e) => e.scrollWidth - e.clientWidth);
}

interface HealthSource {
  key: string;
  lastSuccessAt: string | null;
}

/** Waits until every named kind of sync source (a key prefix, e.g. `ec2.images`) has succeeded once. */
export async function waitForFirstSyncs(request: APIRequestContext, prefixes: string[]) {
  // /healthz answers as soon as the portal serves; pages need the syncs' first passes.
  await expect
    .poll(
      async () => {
        const body = (await (await request.get('/healthz')).json()) as { sources?: HealthSource[] };
        // Every account and region of a kind, not just the first to finish: a page may show a group of any account.
        return prefixes.every((prefix) => {
          const ofKind = body.sources?.filter((s) => s.key.startsWith(prefix)) ?? [];
          return ofKind.length > 0 && ofKind.every((s) => s.lastSuccessAt !== null);
        });
      },
      { timeout: 120_000, message: `the first ${prefixes.join(', ')} syncs finish` },
    )
    .toBe(true);
}

/** Signs the browser in with one of the demo users' buttons and waits until the masthead says who it is. */
export async function signInThroughDemoButton(page: Page, user: string, role: string, next: string) {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole('button', { name: `Sign in as ${user} (${role})` }).click();
  await expect(page).toHaveURL(new RegExp(`${next}$`));
  await expect(page.getByTestId('masthead-identity')).toHaveText(`${user} · ${role}`);
}
