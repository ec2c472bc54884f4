import { Label, LabelGroup } from '@patternfly/react-core';
import styles from './asgs.module.css';
import type { AsgRow } from './types';

interface LaunchTemplateRefProps {
  launchTemplate: AsgRow['launchTemplate'];
  imageSource: string | null;
  /** Shorten the template's name in the middle, for dense tables; the whole name shows on hover. */
  truncate?: boolean;
}

const FLOATING_VERSIONS = new Set(['$Latest', '$Default']);

/** The start and the end of a long name, which is where template names differ. */
function shortened(name: string, max = 20): string {
  return name.length <= max ? name : `${name.slice(0, 8)}…${name.slice(-(max - 9))}`;
}

/**
 * `lt-name:version`, marked where the version floats ($Latest, $Default) or the AMI comes from an
 * SSM parameter: both change what a new instance runs without the group changing, and AWS cannot
 * roll a refresh of such a group back.
 */
export function LaunchTemplateRef({ launchTemplate, imageSource, truncate = false }: LaunchTemplateRefProps) {
  if (!launchTemplate.name && !launchTemplate.id) return <span className="pf-v6-u-text-color-subtle">no launch template</span>;
  const version = launchTemplate.version ?? '?';
  const floating = FLOATING_VERSIONS.has(version);
  const name = launchTemplate.name ?? launchTemplate.id ?? '';
  return (
    <div className={styles.stacked}>
      <code className={styles.nowrap} title={[name, launchTemplate.id].filter(Boolean).join(' · ')}>
        {truncate ? shortened(name) : name}:{version}
      </code>
      {(floating || imageSource === 'ssm') && (
        <LabelGroup>
          {floating && (
            <Label color="orange" variant="outline" isCompact title={`Follows the template's ${version} version: what new instances run changes with the template, and AWS cannot roll a refresh back.`}>
              {version}
            </Label>
          )}
          {imageSource === 'ssm' && (
            <Label color="purple" variant="outline" isCompact title="The template names an SSM parameter instead of an AMI id: the AMI changes when the parameter does, and AWS cannot roll a refresh back.">
              AMI from SSM parameter
            </Label>
          )}
        </LabelGroup>
      )}
    </div>
  );
}
