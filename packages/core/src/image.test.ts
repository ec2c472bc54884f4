import { describe, expect, it } from 'vitest';
import { parseFleetConfig } from './config.ts';
import { attributeImage } from './image.ts';

const parsed = parseFleetConfig(`
infraRepo: { commitUrlTemplate: "https://git.example.com/c/{sha}" }
aws:
  buildAccount: { id: "111111111111", name: ci, regions: [us-east-1] }
  productionAccounts: [{ id: "222222222222", name: prod, regions: [us-east-1] }]
tags: { commit: infra_commit, workerType: worker_type, baseOs: base_os, role: worker_role, buildId: build, builtCommit: build_commit }
workerTypes: [{ key: rhel8-builder, baseOs: rhel8, role: builder }]
`);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const config = parsed.config;
const sha = 'a'.repeat(40);

describe('attributeImage', () => {
  it('reads worker type, base OS, role, build id and both commits from the configured tag keys', () => {
    const result = attributeImage(
      { tags: { worker_type: 'rhel8-builder', base_os: 'rhel8', worker_role: 'builder', build: '42', infra_commit: sha.toUpperCase(), build_commit: 'bbbbbbb' } },
      config,
    );
    expect(result).toEqual({ workerType: 'rhel8-builder', baseOs: 'rhel8', role: 'builder', buildId: '42', commit: sha, builtCommit: 'bbbbbbb', problems: [] });
  });

  it('names a malformed commit tag and keeps no commit for it', () => {
    const result = attributeImage({ tags: { worker_type: 'rhel8-builder', infra_commit: 'latest' } }, config);
    expect(result.commit).toBeNull();
    expect(result.problems).toEqual([{ code: 'malformed-commit-tag', message: '"infra_commit" is "latest", which is not a commit sha' }]);
  });

  it('reports missing tags and worker types the config does not know', () => {
    expect(attributeImage({ tags: {} }, config).problems.map((p) => p.code)).toEqual(['missing-worker-type-tag', 'missing-commit-tag']);
    expect(attributeImage({ tags: { worker_type: 'win2019', infra_commit: sha } }, config).problems.map((p) => p.code)).toEqual(['unknown-worker-type']);
  });

  it('reports a base OS tag that disagrees with the worker type', () => {
    const result = attributeImage({ tags: { worker_type: 'rhel8-builder', base_os: 'centos7', infra_commit: sha } }, config);
    expect(result.problems).toEqual([{ code: 'base-os-mismatch', message: '"base_os" is "centos7" but worker type rhel8-builder is rhel8' }]);
  });
});
