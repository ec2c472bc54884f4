import { notDueYet, type NodePhase } from './phase.ts';
import { resourceReasons } from './resources.ts';
import { ORIGINS, readSignal, type SignalReading } from './signal.ts';
import type { HealthContext, NodeObservation } from './types.ts';

/** node-exporter through Prometheus: whether it is scraped, and the node's resources when it is. */
export function exporterReading(node: NodeObservation, phase: NodePhase, context: HealthContext): SignalReading {
  return readSignal(
    ORIGINS.exporter,
    node.exporter,
    context,
    (exporter) => (exporter.up ? { reasons: resourceReasons(exporter, context.thresholds), definite: true } : down(phase, 'node-exporter is down (Prometheus up = 0)')),
    () => down(phase, 'Prometheus has no node-exporter target for this instance'),
  );
}

/** Without metrics the node may well run builds, so a silent exporter degrades it and no more. */
function down(phase: NodePhase, message: string): SignalReading {
  return notDueYet(phase, 'node-exporter') ?? { reasons: [{ code: 'exporter-down', severity: 'degraded', signal: 'exporter', message }], definite: false };
}
