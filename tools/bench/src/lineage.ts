import { buildLineage, filterLineage, type InfraCommitInfo, type LineageAmi } from '@fleet/core';

// How long the lineage grid takes to derive on a large fleet, since every lineage request
// derives it from the database rows. Target on a 2-core machine: under 500 ms at the largest
// history the config allows (5,000 commits × 12 worker types), under 20 ms at the default 200.
const COMMITS = Number(process.env.COMMITS ?? 5000);
const TYPES = Number(process.env.TYPES ?? 12);
const REBUILD_EVERY = 4;

const sha = (n: number) => n.toString(16).padStart(40, '0');
const history: InfraCommitInfo[] = Array.from({ length: COMMITS }, (_, position) => ({
  sha: sha(COMMITS - position),
  position,
  authoredAt: new Date(Date.UTC(2026, 0, 1) + (COMMITS - position) * 3_600_000),
  author: 'sre',
  subject: `commit ${COMMITS - position}`,
  touchesPacker: (COMMITS - position) % REBUILD_EVERY === 1,
}));
const types = Array.from({ length: TYPES }, (_, i) => `type-${i}`);
const amis: LineageAmi[] = [];
for (let n = 1; n <= COMMITS; n += REBUILD_EVERY) {
  for (const type of types) {
    const last = Math.min(COMMITS, n + REBUILD_EVERY - 1);
    amis.push({
      imageId: `ami-${type}-${n}`,
      name: `${type}-${n}`,
      workerType: type,
      creationDate: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000),
      deregisteredAt: null,
      builtCommit: sha(n),
      observations: [n, last].map((c) => ({ sha: sha(c), firstSeenAt: new Date(), lastSeenAt: new Date() })),
    });
  }
}

function measure(label: string, run: () => unknown, repeat = 5) {
  run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${times[Math.floor(repeat / 2)]!.toFixed(1)} ms  max ${times.at(-1)!.toFixed(1)} ms`);
}

console.log(`${COMMITS} commits × ${TYPES} worker types, ${amis.length} AMIs`);
const heapBefore = process.memoryUsage().heapUsed;
const rows = buildLineage({ workerTypes: types, history, amis });
console.log(`grid rows ${rows.length}, heap for one grid ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(1)} MiB`);
measure('buildLineage', () => buildLineage({ workerTypes: types, history, amis }));
const columns = types.map((key) => ({ key, baseOs: 'rhel8', role: 'builder' }));
measure('filterLineage (search by AMI id)', () => filterLineage(columns, rows, { search: 'ami-type-3-41' }));
