import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

interface UnhealthyNode {
  instanceId: string;
  workerType: string | null;
  reasons: { code: string }[];
}

/** The unhealthy nodes as nodes.list gives them, read the way the page reads them. */
async function unhealthyNodes(page: Page): Promise<UnhealthyNode[]> {
  const input = encodeURIComponent(JSON.stringify({ json: { status: ['unhealthy'], limit: 500 } }));
  const response = await page.request.get(`/api/trpc/nodes.list?input=${input}`);
  if (!response.ok()) return [];
  const body = (await response.json()) as { result: { data: { json: { items: UnhealthyNode[] } } } };
  return body.result.data.json.items;
}

/**
 * The demo's full disk when its node is still there (a refresh in another test may have replaced
 * it), else any reason of an unhealthy node of a worker type: what the two clicks narrow to.
 */
async function target(page: Page): Promise<{ workerType: string; reason: string }> {
  let found: { workerType: string; reason: string } | null = null;
  await expect
    .poll(
      async () => {
        const nodes = (await unhealthyNodes(page)).filter((n) => n.workerType !== null && n.reasons.length > 0);
        const full = nodes.find((n) => n.reasons.some((r) => r.code === 'disk-full'));
        const node = full ?? nodes[0];
        found = node ? { workerType: node.workerType!, reason: full ? 'disk-full' : node.reasons[0]!.code } : null;
        return found !== null;
      },
      { timeout: 180_000, message: 'the node sync finds an unhealthy node of a worker type' },
    )
    .toBe(true);
  return found!;
}

test.beforeAll(({ request }) => waitForFirstSyncs(request, ['autoscaling.groups', 'ec2.instance-status', 'jenkins.agents', 'nodes.health']));

test('from the overview to the unhealthy nodes with one reason in two clicks, then one node with its reasons and links', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'alice', 'viewer', '/');
  const { workerType, reason } = await target(page);

  // Click 1: the overview's count of unhealthy nodes of that worker type.
  const counts = page.getByRole('grid', { name: 'Node health per worker type' }).or(page.getByRole('table', { name: 'Node health per worker type' }));
  const count = counts.locator(`[data-count="${workerType}:unhealthy"]`);
  await expect(count).toBeVisible();
  const shownCount = Number(await count.innerText());
  await count.click();
  await expect(page).toHaveURL(new RegExp(`/nodes\\?status=unhealthy&workerType=${workerType}$`));
  const rows = page.getByRole('grid', { name: 'Nodes' }).or(page.getByRole('table', { name: 'Nodes' })).locator('tbody tr[data-instance]');
  await expect(rows).toHaveCount(shownCount);
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute('data-status', 'unhealthy');
    await expect(row).toContainText(workerType);
  }

  // Click 2: the reason among those nodes, with its count.
  const chip = page.getByTestId('node-facets').locator(`[data-facet-reason="${reason}"]`);
  const withReason = Number((await chip.innerText()).match(/(\d+)$/)![1]);
  await chip.click();
  await expect(page).toHaveURL(new RegExp(`/nodes\\?status=unhealthy&workerType=${workerType}&reason=${reason}$`));
  await expect(rows).toHaveCount(withReason);
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute('data-status', 'unhealthy');
    await expect(row).toHaveAttribute('data-reasons', new RegExp(`(^| )${reason}( |$)`));
  }
  await screenshotWholePage(page, 'nodes-filtered.png');

  // The filter is the address: back returns to the previous one, forward to this one.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/nodes\\?status=unhealthy&workerType=${workerType}$`));
  await expect(rows).toHaveCount(shownCount);
  await page.goForward();
  await expect(rows).toHaveCount(withReason);

  const first = rows.first();
  const instanceId = (await first.getAttribute('data-instance'))!;
  await first.getByRole('link', { name: instanceId }).click();
  await expect(page).toHaveURL(new RegExp(`/nodes/${instanceId}$`));
  await expect(page.getByRole('heading', { level: 1, name: instanceId })).toBeVisible();
  await expect(page.getByTestId('node-status')).toContainText('unhealthy');
  const reasons = page.getByRole('grid', { name: 'Reasons' }).or(page.getByRole('table', { name: 'Reasons' }));
  await expect(reasons.locator(`tr[data-reason="${reason}"]`)).toBeVisible();
  const jenkins = page.getByTestId('node-links').getByRole('link', { name: 'Jenkins node page' });
  await expect(jenkins).toHaveAttribute('href', new RegExp(`^http://127\\.0\\.0\\.1:\\d+/computer/${instanceId}/$`));
  await expect(page.getByRole('heading', { name: /^Status history \(\d+\)$/ })).toBeVisible();
  await expect(page.locator('[data-signal="Jenkins agent"]')).toContainText(/read .* ago|read just now/);
  await screenshotWholePage(page, 'node-detail.png');

  expect(errors, 'no console errors on any page visited').toEqual([]);
});

test('a commit sha prefix and an Auto Scaling lifecycle state narrow the nodes, both kept in the address', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/nodes');
  const rows = page.getByRole('grid', { name: 'Nodes' }).or(page.getByRole('table', { name: 'Nodes' })).locator('tbody tr[data-instance]');
  const withCommit = page.locator('tbody tr[data-instance][data-commit]').first();
  await expect(withCommit).toBeVisible();
  const prefix = (await withCommit.getAttribute('data-commit'))!.slice(0, 8);

  const shown = () => rows.evaluateAll((trs) => trs.map((tr) => ({ commit: tr.getAttribute('data-commit'), lifecycle: tr.getAttribute('data-lifecycle') })));
  const allOf = async (commit: string, lifecycle?: string) => {
    const list = await shown();
    return list.length > 0 && list.every((row) => row.commit?.startsWith(commit) && (!lifecycle || row.lifecycle === lifecycle));
  };

  await page.getByRole('textbox', { name: 'Filter by instance id, ami, ip or commit' }).fill(prefix);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]search=${prefix}(&|$)`));
  await expect.poll(() => allOf(prefix), { message: `every node shown runs an AMI of ${prefix}` }).toBe(true);

  await page.getByRole('button', { name: 'Filter by lifecycle' }).click();
  await page.getByRole('menuitem', { name: /^InService/ }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]lifecycleState=InService(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]search=${prefix}(&|$)`));
  await expect.poll(() => allOf(prefix, 'InService'), { message: 'every node shown is InService on that commit' }).toBe(true);
  await screenshotWholePage(page, 'nodes-by-commit.png');
  expect(errors, 'no console errors').toEqual([]);
});

test('an unknown node says so and leads back to the list', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/nodes/i-0123456789abcdef0');
  await expect(page.getByRole('heading', { name: 'No node i-0123456789abcdef0' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the nodes' }).click();
  await expect(page).toHaveURL(/\/nodes$/);
  // The query for the unknown node answers 404: that one console line is expected.
  expect(errors.filter((e) => !/status of 404/.test(e)), 'no other console errors').toEqual([]);
});
