import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../reports/screenshots');

interface HealthSource {
  key: string;
  lastSuccessAt: string | null;
}

/** Console errors and uncaught exceptions of every page the test visits. */
function collectPageErrors(page: Page): string[] {
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
async function screenshotWholePage(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? Math.ceil(main.getBoundingClientRect().top + main.scrollHeight) : document.body.scrollHeight;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: path.join(screenshots, name), fullPage: true });
  await page.setViewportSize(viewport);
}

test.beforeAll(async ({ request }) => {
  // /healthz answers as soon as the portal serves; the grid needs the first AMI and history syncs.
  await expect
    .poll(
      async () => {
        const body = (await (await request.get('/healthz')).json()) as { sources?: HealthSource[] };
        const synced = (prefix: string) => body.sources?.some((s) => s.key.startsWith(prefix) && s.lastSuccessAt !== null) ?? false;
        return synced('ec2.images') && synced('git.infra-repo');
      },
      { timeout: 120_000, message: 'the first AMI and infra history syncs finish' },
    )
    .toBe(true);
});

test('the lineage grid filters, searches and leads to an AMI', async ({ page }) => {
  const errors = collectPageErrors(page);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const workerTypes = page.getByRole('grid', { name: 'Worker types' }).or(page.getByRole('table', { name: 'Worker types' }));
  await expect(workerTypes.locator('tbody tr').first()).toBeVisible();
  await expect(page.locator('[data-source]').first()).toBeVisible();
  await screenshotWholePage(page, 'overview.png');

  await page.goto('/lineage');
  const rows = page.locator('tbody tr[data-sha]');
  const columns = page.locator('thead th[data-column]');
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('[data-cell="built"]').first()).toBeVisible();
  const allColumns = await columns.count();
  expect(allColumns).toBeGreaterThan(1);
  await screenshotWholePage(page, 'lineage.png');

  // One base OS: only its worker types stay as columns, and the URL says so.
  await page.getByRole('button', { name: 'Filter by base os' }).click();
  await page.getByRole('menuitem', { name: /rhel8/ }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]baseOs=rhel8(&|$)/);
  // The first column may be a rhel8 one before the filter too: wait for the count to drop.
  await expect.poll(() => columns.count()).toBeLessThan(allColumns);
  await expect(columns.first()).toContainText('rhel8 ×');
  for (const header of await columns.all()) await expect(header).toContainText('rhel8 ×');

  // And one worker type of it.
  const workerType = (await columns.first().getAttribute('data-column'))!;
  await page.getByRole('button', { name: 'Filter by worker type' }).click();
  await page.getByRole('menuitem', { name: new RegExp(`^${workerType}\\b`) }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(new RegExp(`[?&]workerType=${workerType}(&|$)`));
  await expect(page).toHaveURL(/[?&]baseOs=rhel8(&|$)/);
  await expect(columns).toHaveCount(1);
  await expect(columns.first()).toHaveAttribute('data-column', workerType);

  // A sha prefix taken from the first row that has a built AMI narrows the rows to that commit.
  const builtRow = rows.filter({ has: page.locator('[data-cell="built"]') }).first();
  const sha = (await builtRow.getAttribute('data-sha'))!;
  const prefix = sha.slice(0, 8);
  const rowsBefore = await rows.count();
  await page.getByRole('textbox', { name: 'Search by commit sha prefix or AMI id' }).fill(prefix);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}(&|$)`));
  await expect(rows).toHaveCount(1);
  expect(rowsBefore).toBeGreaterThan(1);
  await expect(rows.first()).toHaveAttribute('data-sha', sha);

  // The built cell leads to its AMI.
  const amiLink = rows.first().locator('[data-cell="built"] a[href^="/amis/"]');
  const imageId = (await amiLink.getAttribute('href'))!.replace('/amis/', '');
  expect(imageId).toMatch(/^ami-[0-9a-f]+$/);
  await amiLink.click();
  await expect(page).toHaveURL(new RegExp(`/amis/${imageId}$`));
  await expect(page.getByTestId('ami-id')).toHaveText(imageId);
  const tags = page.getByRole('grid', { name: 'Tags' }).or(page.getByRole('table', { name: 'Tags' }));
  await expect(tags.locator('tbody tr').first()).toBeVisible();
  const carried = page.getByRole('grid', { name: 'Commits carried' }).or(page.getByRole('table', { name: 'Commits carried' }));
  await expect(carried.locator(`tbody tr[data-sha="${sha}"]`)).toBeVisible();
  await screenshotWholePage(page, 'ami-detail.png');

  expect(errors, 'no console errors on any page visited').toEqual([]);
});

test('a search that matches nothing says so and clears back to the whole grid', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/lineage?q=0000000000');
  await expect(page.getByRole('heading', { name: 'No commit matches' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear all filters' }).first().click();
  await expect(page).toHaveURL(/\/lineage$/);
  await expect(page.locator('tbody tr[data-sha]').first()).toBeVisible();
  expect(errors, 'no console errors on any page visited').toEqual([]);
});
