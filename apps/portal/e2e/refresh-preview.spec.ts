import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetConfigFromFile } from '@fleet/core';
import { expect, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const configFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/demo.yaml');
const config = fleetConfigFromFile(readFileSync(configFile, 'utf8'), configFile, path.dirname(configFile));
const groupOf = (workerType: string) => config.workerTypes.find((w) => w.key === workerType)?.asgs[0] ?? `no group of ${workerType} in config/demo.yaml`;
// tools/sim seed-fleet.ts: a cancelled refresh left some rhel8-builder instances on an older AMI; rhel8-gpu runs its newest AMI throughout.
const withOlderInstances = groupOf('rhel8-builder');
const upToDate = groupOf('rhel8-gpu');
const START = 'asg.refresh.start';

test.use({ viewport: { width: 1440, height: 900 } });
test.beforeAll(({ request }) => waitForFirstSyncs(request, ['autoscaling.groups', 'ec2.images', 'ec2.launch-permissions', 'git.infra-repo']));

async function openStartDialog(page: Page, group: string) {
  await page.getByTestId('asg-actions').getByRole('button', { name: 'Start refresh' }).click();
  const dialog = page.getByRole('dialog', { name: `Start an instance refresh of ${group}` });
  await expect(dialog.getByTestId('action-preview')).toBeVisible();
  return dialog;
}

test('the group’s page and the start preview name the AMI new instances get, its commit, its sharing and what changes on the nodes', async ({ page }) => {
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', `/asgs/${withOlderInstances}`);
  const target = page.getByTestId('refresh-target');
  await expect(target).toContainText(/ami-[0-9a-f]{8,17} built at [0-9a-f]{7}/);
  const [, imageId, sha] = /(ami-[0-9a-f]{8,17}) built at ([0-9a-f]{7})/.exec((await target.textContent()) ?? '')!;
  // The template's AMI is what the summary names as the group's AMI.
  await expect(page.getByLabel('Group facts')).toContainText(imageId!);
  await expect(page.getByTestId('refresh-target-shared')).toHaveText('shared with app-sre');
  // Only the instances left on the older AMI are replaced, and the packer changes they get are listed with their subjects.
  await expect(page.getByTestId('refresh-replaced')).toContainText(/^[1-9]\d* of \d+ instances; \d+ already on it (is|are) skipped/);
  await expect(page.getByTestId('refresh-changes')).toContainText(/\d+ instances? on ami-[0-9a-f]+ \(built at [0-9a-f]{7}\s*\): get \d+ packer changes? \(the diff\)/);
  await expect(page.getByTestId('refresh-packer-commits').first().getByRole('listitem').first()).toContainText(/^[0-9a-f]{7}\s+\S/);
  await expect(page.getByTestId('refresh-changes').getByRole('link', { name: 'the diff' })).toHaveAttribute('href', new RegExp(`/-/compare/[0-9a-f]{40}\\.\\.\\.${sha}[0-9a-f]{33}$`));
  await screenshotWholePage(page, 'refresh-target-group.png');

  const dialog = await openStartDialog(page, withOlderInstances);
  await expect(dialog.getByTestId('action-preview')).toContainText(`new instances get ${imageId} built at ${sha}`);
  await expect(dialog.getByTestId('refresh-target')).toContainText(`${imageId} built at ${sha}`);
  await expect(dialog.getByTestId('action-preview-refusal')).toHaveCount(0);
  await screenshotWholePage(page, 'refresh-preview-dialog.png');
  await dialog.getByRole('contentinfo').getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  expect(errors, 'no console errors').toEqual([]);
});

test('a start that would replace nothing is refused with its reason and audited; replacing all stays possible', async ({ page }) => {
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', `/asgs/${upToDate}`);
  await expect(page.getByTestId('refresh-target')).toContainText('the newest AMI of its worker type');
  await expect(page.getByTestId('refresh-refusal')).toContainText('would replace nothing');

  const dialog = await openStartDialog(page, upToDate);
  await expect(dialog.getByTestId('action-preview')).toContainText('Replace 0 of');
  const refusal = dialog.getByTestId('action-preview-refusal');
  await expect(refusal).toContainText(`Every in-service instance of ${upToDate}`);
  await expect(refusal).toContainText('so with skip matching the refresh would replace nothing and only start a cool-down');
  await dialog.getByLabel(`Type ${upToDate} to confirm`).fill(upToDate);
  await dialog.getByLabel('Reason').fill('check that a refresh replacing nothing is refused');
  const submit = dialog.getByRole('button', { name: 'Start refresh' });
  await expect(submit).toBeDisabled();
  await screenshotWholePage(page, 'refresh-preview-noop-refused.png');

  // Sent anyway, from a client of its own with the preview's fingerprint: the guard refuses it with the same reason and records it.
  const preferences = { minHealthyPercentage: 90, maxHealthyPercentage: null, instanceWarmupSeconds: null, checkpointPercentages: [], checkpointDelaySeconds: null, skipMatching: true, autoRollback: false };
  const query = encodeURIComponent(JSON.stringify({ json: { action: START, target: upToDate, input: { preferences } } }));
  const previewed = (await (await page.request.get(`/api/trpc/actions.preview?input=${query}`)).json()) as { result: { data: { json: { preview: { fingerprint: string } } } } };
  const reason = `e2e ${randomUUID().slice(0, 8)}: start a refresh that replaces nothing`;
  const sent = await page.request.post('/api/trpc/asgs.startRefresh', {
    data: { json: { target: upToDate, input: { preferences }, previewFingerprint: previewed.result.data.json.preview.fingerprint, confirmation: upToDate, reason, idempotencyKey: randomUUID() } },
  });
  expect(sent.status()).toBe(412);
  const body = (await sent.json()) as { error: { json: { message: string } } };
  expect(body.error.json.message).toMatch(/^refused \(nothing-to-replace\): every in-service instance of .* would replace nothing/);

  // Replacing all is one tick away: the refusal goes and the button works once confirmed.
  await dialog.getByRole('checkbox', { name: 'Skip instances already on the desired configuration' }).uncheck();
  await expect(dialog.getByTestId('action-preview')).toContainText(/Replace (\d+) of \1 instances/);
  await expect(refusal).toHaveCount(0);
  await expect(submit).toBeEnabled();
  await dialog.getByRole('contentinfo').getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  await page.goto(`/audit?target=${encodeURIComponent(upToDate)}`);
  const denied = page.locator('tbody tr[data-correlation-id]').filter({ hasText: reason });
  await expect(denied).toHaveAttribute('data-outcome', 'denied');
  await expect(denied).toContainText('preview-refused');
  await screenshotWholePage(page, 'refresh-noop-audit.png');
  expect(errors, 'no console errors').toEqual([]);
});

test('the Overview shows what the fleet runs against the newest AMIs, and the lineage marks the commit each group runs', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('fleet-drift')).toContainText(/[1-9]\d* of \d+ groups launch an older AMI than their worker type's newest; [1-9]\d* of \d+ instances run an older AMI/);
  const row = (workerType: string) => page.locator(`tr[data-worker-type="${workerType}"]`).getByTestId('worker-type-groups');
  await expect(row('rhel8-gpu')).toContainText('its group runs it');
  await expect(row('rhel8-builder')).toContainText(/runs [0-9a-f]{7}, \d+ commits? behind/);
  await expect(row('rhel8-builder')).toContainText(/[1-9]\d* of \d+ instances on older AMIs/);
  const [, runs] = /runs ([0-9a-f]{7})/.exec((await row('rhel8-builder').textContent()) ?? '')!;
  await screenshotWholePage(page, 'overview-fleet-drift.png');

  await row('rhel8-builder').getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: withOlderInstances })).toBeVisible();
  await page.goto('/lineage');
  // The group's mark sits in its worker type's column, on the commit the overview says it runs.
  const mark = page.locator(`[data-group-mark="${withOlderInstances}"]`);
  await expect(mark).toHaveCount(1);
  await expect(page.locator(`tr[data-sha^="${runs}"]`).locator(`[data-group-mark="${withOlderInstances}"]`)).toHaveCount(1);
  await expect(page.locator(`tr[data-sha] [data-group-mark="${upToDate}"]`)).toHaveCount(1);
  await screenshotWholePage(page, 'lineage-groups-marked.png');
  expect(errors, 'no console errors').toEqual([]);
});
