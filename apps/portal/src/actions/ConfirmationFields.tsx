'use client';

import { FormGroup, FormHelperText, HelperText, HelperTextItem, TextArea, TextInput } from '@patternfly/react-core';

/** The target's name, typed to confirm: the one guard step no click can skip. */
export function ConfirmNameField({ id, target, value, onChange }: { id: string; target: string; value: string; onChange: (value: string) => void }) {
  return (
    <FormGroup label={`Type ${target} to confirm`} isRequired fieldId={id}>
      <TextInput
        id={id}
        value={value}
        onChange={(_event, typed) => onChange(typed)}
        autoComplete="off"
        spellCheck={false}
        isRequired
        validated={value === '' || value === target ? 'default' : 'warning'}
      />
    </FormGroup>
  );
}

/** Why the person acts, for the audit trail; the shortest accepted length comes from the config. */
export function ReasonField({ id, label, value, minLength, onChange }: { id: string; label: string; value: string; minLength: number | null; onChange: (value: string) => void }) {
  return (
    <FormGroup label={label} isRequired fieldId={id}>
      <TextArea id={id} value={value} onChange={(_event, typed) => onChange(typed)} isRequired resizeOrientation="vertical" />
      <FormHelperText>
        <HelperText>
          <HelperTextItem>{minLength === null ? 'Recorded in the audit trail.' : `At least ${minLength} characters; recorded in the audit trail.`}</HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}
