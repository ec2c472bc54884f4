'use client';

import { type HealthReasonCode, isHealthReasonCode, REASON_GUIDANCE } from '@fleet/core';
import { Button, Popover } from '@patternfly/react-core';
import { ExternalLinkAltIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import cells from '@/components/cells.module.css';
import { reasonWords } from './reason-words';

/** The team's runbook per reason, from `health.runbooks`. */
export function useRunbooks(): Partial<Record<HealthReasonCode, string>> {
  const trpc = useTRPC();
  return useQuery(trpc.fleet.config.queryOptions()).data?.runbooks ?? {};
}

/** The runbook link, or which config key would make one. */
export function RunbookLink({ code, runbooks }: { code: string; runbooks: Partial<Record<HealthReasonCode, string>> }) {
  const url = isHealthReasonCode(code) ? runbooks[code] : undefined;
  if (url) {
    return (
      <a href={url} target="_blank" rel="noreferrer" data-testid="runbook-link">
        Runbook <ExternalLinkAltIcon aria-hidden />
      </a>
    );
  }
  return (
    <span className={cells.note} data-testid="runbook-missing">
      No runbook configured (<code>health.runbooks.{code}</code>)
    </span>
  );
}

/** What the reason means and the first thing to do about it; nothing for a code this portal does not know. */
export function ReasonGuidance({ code, runbooks, withMeaning = true }: { code: string; runbooks: Partial<Record<HealthReasonCode, string>>; withMeaning?: boolean }) {
  if (!isHealthReasonCode(code)) return <RunbookLink code={code} runbooks={runbooks} />;
  const guidance = REASON_GUIDANCE[code];
  return (
    <div className={cells.stacked} data-testid="reason-guidance">
      {withMeaning && <span>{guidance.meaning}</span>}
      <span>
        <strong>Next step:</strong> {guidance.nextStep}
      </span>
      <RunbookLink code={code} runbooks={runbooks} />
    </div>
  );
}

/** A small help button beside a reason in a table row, opening its meaning, next step and runbook. */
export function ReasonHelp({ code, runbooks }: { code: string; runbooks: Partial<Record<HealthReasonCode, string>> }) {
  return (
    <Popover headerContent={reasonWords(code)} bodyContent={<ReasonGuidance code={code} runbooks={runbooks} />} position="right" maxWidth="28rem">
      <Button variant="plain" size="sm" hasNoPadding aria-label={`What ${reasonWords(code)} means and what to do`} icon={<OutlinedQuestionCircleIcon />} />
    </Popover>
  );
}
