'use client';

import { Chart, ChartAxis, ChartLine, ChartScatter, ChartThemeColor, ChartVoronoiContainer } from '@patternfly/react-charts/victory';
import styles from './asgs.module.css';
import { formatDuration } from '@fleet/core';
import { type ProgressCurve, timeUnitFor } from './refresh-curve';

interface Datum {
  x: number;
  y: number;
}


function caption(curve: ProgressCurve): string {
  if (curve.sampledCount === 0) return 'The portal did not watch this refresh run: the line only joins its start to how it ended.';
  const samples = `${curve.sampledCount} ${curve.sampledCount === 1 ? 'sample' : 'samples'}`;
  return `${samples} recorded while it ran (dots); the sync records one whenever the progress changes.`;
}

/** Percentage complete over the minutes since the refresh started. */
export function RefreshCurve({ curve }: { curve: ProgressCurve }) {
  if (curve.points.length < 2) {
    return <p className={styles.note}>No progress is known yet: the refresh has not started, or the sync has not sampled it.</p>;
  }
  const last = curve.points.at(-1)!;
  const unit = timeUnitFor(curve.spanMs);
  const toDatum = (p: ProgressCurve['points'][number]): Datum => ({ x: p.elapsedMs / unit.ms, y: p.percentage });
  const span = Math.max(curve.spanMs / unit.ms, 1);
  return (
    <figure className={styles.chart} data-testid="refresh-curve">
      <Chart
        ariaTitle="Refresh progress over time"
        ariaDesc={`From 0% to ${last.percentage}% in ${formatDuration(last.elapsedMs)}. ${caption(curve)}`}
        containerComponent={
          <ChartVoronoiContainer labels={({ datum }: { datum: Datum }) => `${datum.y}% after ${formatDuration(datum.x * unit.ms)}`} constrainToVisibleArea />
        }
        domain={{ x: [0, span], y: [0, 100] }}
        height={220}
        width={640}
        padding={{ top: 16, bottom: 64, left: 56, right: 24 }}
        themeColor={ChartThemeColor.blue}
      >
        <ChartAxis label={`${unit.name} since it started`} tickFormat={(t: number) => `${Math.round(t * 10) / 10}`} tickCount={6} />
        <ChartAxis dependentAxis showGrid tickValues={[0, 25, 50, 75, 100]} tickFormat={(t: number) => `${t}%`} />
        <ChartLine data={curve.points.map(toDatum)} />
        <ChartScatter data={curve.points.filter((p) => p.sampled).map(toDatum)} size={3} />
      </Chart>
      <figcaption className={styles.note}>{caption(curve)}</figcaption>
    </figure>
  );
}
