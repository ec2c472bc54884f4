'use client';

import { Checkbox, FormGroup, FormHelperText, Grid, GridItem, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import { type RefreshPreferencesDraft, type RefreshPreferencesProblems } from './refresh-preferences';

type NumberKey = Exclude<keyof RefreshPreferencesDraft, 'skipMatching' | 'autoRollback'>;

const NUMBER_FIELDS: { key: NumberKey; id: string; label: string; help: string }[] = [
  { key: 'minHealthyPercentage', id: 'pref-min-healthy', label: 'Minimum healthy %', help: 'Share of the desired capacity kept in service' },
  { key: 'maxHealthyPercentage', id: 'pref-max-healthy', label: 'Maximum healthy %', help: 'Empty: replace in place (100 %); above 100 launches first' },
  { key: 'instanceWarmupSeconds', id: 'pref-warmup', label: 'Instance warm-up (s)', help: "Empty: the group's health check grace period" },
  { key: 'checkpointPercentages', id: 'pref-checkpoints', label: 'Checkpoints (%)', help: 'Rising percentages to pause at, e.g. 20, 50, 100' },
  { key: 'checkpointDelaySeconds', id: 'pref-checkpoint-delay', label: 'Checkpoint delay (s)', help: "How long each checkpoint waits; empty: AWS's default (1 h)" },
];

interface Props {
  draft: RefreshPreferencesDraft;
  problems: RefreshPreferencesProblems;
  onChange: (draft: RefreshPreferencesDraft) => void;
}

/** AWS's instance refresh preferences, with the defaults an SRE would pick for a worker pool. */
export function RefreshPreferencesForm({ draft, problems, onChange }: Props) {
  return (
    <Grid hasGutter md={6}>
      {NUMBER_FIELDS.map(({ key, id, label, help }) => (
        <GridItem key={key}>
          <FormGroup label={label} fieldId={id}>
            <TextInput id={id} value={draft[key]} onChange={(_event, v) => onChange({ ...draft, [key]: v })} validated={problems[key] ? 'error' : 'default'} />
            <FormHelperText>
              <HelperText>
                <HelperTextItem variant={problems[key] ? 'error' : 'default'}>{problems[key] ?? help}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
        </GridItem>
      ))}
      <GridItem>
        <FormGroup role="group" label="Behaviour" fieldId="pref-behaviour">
          <Checkbox id="pref-skip-matching" label="Skip instances already on the desired configuration" isChecked={draft.skipMatching} onChange={(_event, v) => onChange({ ...draft, skipMatching: v })} />
          <Checkbox id="pref-auto-rollback" label="Roll back automatically if the refresh fails" isChecked={draft.autoRollback} onChange={(_event, v) => onChange({ ...draft, autoRollback: v })} />
        </FormGroup>
      </GridItem>
    </Grid>
  );
}
