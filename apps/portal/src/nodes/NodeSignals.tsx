import { Card, CardBody, CardTitle, CodeBlock, CodeBlockCode, DescriptionList, Gallery, Title } from '@patternfly/react-core';
import { formatDuration } from '@fleet/core';
import type { ReactNode } from 'react';
import { Fact } from '@/components/Fact';
import { RelativeTime } from '@/components/RelativeTime';
import type { NodeDetail } from '@/trpc/types';
import { NodeStatusLabel } from './NodeStatusLabel';
import cells from '@/components/cells.module.css';
import { AgentCell, Ec2Cell, FIGURES, FigureValue, LifecycleCell, StaleMark, Uptime } from './SignalCells';

type Observed = { observedAt: Date; ageMs: number; stale: boolean } | null;

/** One source's signals, headed by how old they are; `signal` left out for facts of no one source. */
function SignalCard({ title, signal, missing = '', children, footer }: { title: string; signal?: Observed; missing?: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <Card isCompact data-signal={title}>
      <CardTitle>
        <Title headingLevel="h3" size="md">
          {title}
        </Title>
        <div className={cells.note}>
          {signal === undefined ? null : signal ? (
            <>
              read <RelativeTime at={signal.observedAt} /> ({formatDuration(signal.ageMs)} old) <StaleMark signal={signal} />
            </>
          ) : (
            missing
          )}
        </div>
      </CardTitle>
      {signal !== null && (
        <CardBody>
          <DescriptionList isCompact isHorizontal>
            {children}
          </DescriptionList>
          {footer}
        </CardBody>
      )}
    </Card>
  );
}

const fillText = (h: number | null | undefined) => (h === null || h === undefined ? 'not filling up' : `full in ${formatDuration(h * 3_600_000)} at the recent rate`);

/** Every signal of the node, each with its age. */
export function NodeSignals({ node }: { node: NodeDetail }) {
  const { asg, ec2, agent, exporter, reasons } = node;
  return (
    <Gallery hasGutter minWidths={{ default: '22rem' }}>
      <SignalCard title="Instance">
        <Fact term="Launched">
          <RelativeTime at={node.launchTime} never="unknown" withAbsolute />
        </Fact>
        <Fact term="Uptime">
          <Uptime node={node} />
        </Fact>
        <Fact term="Private IP">{node.privateIp ?? 'unknown'}</Fact>
        <Fact term="Account">{node.accountId ?? 'unknown'}</Fact>
        <Fact term="First seen">
          <RelativeTime at={node.firstSeenAt} withAbsolute />
        </Fact>
        {node.goneAt && (
          <Fact term="Left">
            <RelativeTime at={node.goneAt} withAbsolute />
          </Fact>
        )}
      </SignalCard>
      <SignalCard title="Auto Scaling" signal={asg} missing="not in a group the portal reads">
        <Fact term="Lifecycle and health">
          <LifecycleCell asg={asg} withStale={false} />
        </Fact>
      </SignalCard>
      <SignalCard title="EC2 status" signal={ec2} missing="EC2 has not reported this instance">
        <Fact term="State">{ec2?.state ?? 'unknown'}</Fact>
        <Fact term="System check">{ec2?.systemStatus ?? 'unknown'}</Fact>
        <Fact term="Instance check">{ec2?.instanceStatus ?? 'unknown'}</Fact>
        <Fact term="Checks and events">
          <Ec2Cell ec2={ec2} withStale={false} />
        </Fact>
        {ec2?.events.map((event) => (
          <Fact key={`${event.code}-${event.notBefore?.toISOString()}`} term={event.code}>
            {event.description}
            {event.notBefore && (
              <div className={cells.note}>
                not before <RelativeTime at={event.notBefore} withAbsolute />
              </div>
            )}
          </Fact>
        ))}
      </SignalCard>
      <SignalCard
        title="Jenkins agent"
        signal={agent}
        missing="Jenkins has not been read"
        footer={
          agent?.offlineCause && (
            <CodeBlock className="pf-v6-u-mt-md" aria-label="Offline cause as Jenkins gives it">
              <CodeBlockCode>{agent.offlineCause}</CodeBlockCode>
            </CodeBlock>
          )
        }
      >
        <Fact term="State">
          <AgentCell agent={agent} withStale={false} />
        </Fact>
      </SignalCard>
      <SignalCard title="node-exporter" signal={exporter} missing="Prometheus has no data for this node">
        <Fact term="Exporter">
          {exporter?.up ? <NodeStatusLabel status="healthy">up</NodeStatusLabel> : <NodeStatusLabel status="degraded">down</NodeStatusLabel>}
          {exporter?.error && <div className={cells.note}>{exporter.error}</div>}
        </Fact>
        {exporter?.up && (
          <>
            {FIGURES.map((spec, index) => (
              <Fact key={spec.label} term={index === 0 && exporter.diskMountpoint ? `${spec.label} (${exporter.diskMountpoint})` : spec.label}>
                <FigureValue spec={spec} exporter={exporter} reasons={reasons} />
                {spec.fullIn && <div className={cells.note}>{fillText(spec.fullIn(exporter))}</div>}
              </Fact>
            ))}
            <Fact term="Booted">
              <RelativeTime at={node.bootTime} never="unknown" withAbsolute />
            </Fact>
          </>
        )}
      </SignalCard>
    </Gallery>
  );
}
