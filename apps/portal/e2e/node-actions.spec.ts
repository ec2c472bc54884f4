import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshots, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const attempts = (page: Page): Locator => page.getByRole('grid', { name: 'Audit attempts' }).or(page.getByRole('table', { name: 'Audit attempts' })).locator('tbody tr[data-correlation-id]');
const reasonsTable = (page: Page): Locator => page.getByRole('grid', { name: 'Reasons' }).or(page.getByRole('table', { name: 'Reasons' }));

test.use({ viewport: { width: 1440, height: 900 } });
test.beforeAll(({ request }) => waitForFirstSyncs(request, ['autoscaling.groups', 'jenkins.agents', 'ec2.instance-status', 'nodes.health']));

/** The node with a full disk the demo carries, found on /nodes, worst first among the unhealthy. */
async function fullDiskNode(page: Page): Promise<string> {
  await page.goto('/nodes?status=unhealthy&reason=disk-full');
  const row = page.locator('tbody tr[data-instance]').first();
  await expect(row).toHaveAttribute('data-reasons', /(^| )disk-full( |$)/, { timeout: 60_000 });
  // Each reason in the row opens what it means and what to do.
  await row.locator('[data-reason="disk-full"]').getByRole('button', { name: /^What disk full means and what to do$/ }).click();
  await expect(page.getByRole('dialog').getByTestId('reason-guidance')).toContainText('Next step:');
  await expect(page.getByRole('dialog').getByTestId('runbook-link')).toHaveAttribute('href', 'https://runbooks.example.com/jenkins-workers/disk-full');
  await page.screenshot({ path: `${screenshots}/node-reason-help.png` });
  await page.keyboard.press('Escape');
  return (await row.getAttribute('data-instance'))!;
}

test('a visitor sees why the node actions are not theirs; an operator takes the agent offline with a reason and finds it in the audit trail', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);

  // Anyone may read the node, but acting needs a signed-in operator, and the page says so.
  const instanceId = await fullDiskNode(page);
  await page.goto(`/nodes/${instanceId}`);
  await expect(page.getByTestId('node-actions-refusal')).toContainText(/sign in/);
  await expect(page.getByRole('button', { name: 'Take agent offline' })).toHaveAttribute('aria-disabled', 'true');

  await signInThroughDemoButton(page, 'oscar', 'operator', `/nodes/${instanceId}`);
  // The reason says what it means and what to do, with the team's runbook.
  const full = reasonsTable(page).locator('tr[data-reason="disk-full"]');
  await expect(full).toContainText('Next step:');
  await expect(full.getByTestId('runbook-link')).toHaveAttribute('href', 'https://runbooks.example.com/jenkins-workers/disk-full');
  await expect(page.getByTestId('node-actions-refusal')).toHaveCount(0);

  await page.getByRole('button', { name: 'Take agent offline' }).click();
  const dialog = page.getByRole('dialog', { name: 'Take the Jenkins agent offline' });
  await dialog.getByLabel('Message for Jenkins').fill('disk full: cleaning the workspaces');
  const preview = dialog.getByTestId('action-preview');
  await expect(preview).toContainText(`Take Jenkins agent ${instanceId} on ci-int offline with the message “disk full: cleaning the workspaces (oscar, through the fleet portal)”`);
  await dialog.getByLabel(`Type ${instanceId} to confirm`).fill(instanceId);
  await dialog.getByLabel('Reason').fill('the disk is full; builds fail on this node');
  await screenshotWholePage(page, 'node-actions-confirm.png');
  await dialog.getByRole('button', { name: 'Take it offline' }).click();
  await expect(dialog).toHaveCount(0);
  const notice = page.getByTestId('node-action-notice');
  await expect(notice).toContainText('Jenkins agent taken offline');

  // After the next agents sync the page offers to bring it back, and says who took it offline.
  await expect(page.getByRole('button', { name: 'Bring agent online' })).toBeVisible({ timeout: 60_000 });
  await expect(reasonsTable(page).locator('tr[data-reason="agent-temporarily-offline"]')).toContainText('disk full: cleaning the workspaces (oscar, through the fleet portal)');
  await expect(notice).toContainText('Jenkins agent taken offline; the page below shows it');
  await screenshotWholePage(page, 'node-actions.png');

  await notice.getByRole('link', { name: 'See it in the audit trail' }).click();
  await expect(page).toHaveURL(/\/audit\?correlationId=/);
  const row = attempts(page).first();
  await expect(row).toContainText('node.agent.offline');
  await expect(row).toContainText(instanceId);
  await expect(row).toContainText('oscar');
  await expect(row).toContainText('the disk is full; builds fail on this node');
  await expect(row).toContainText('succeeded');
  expect(errors, 'no console errors').toEqual([]);
});
