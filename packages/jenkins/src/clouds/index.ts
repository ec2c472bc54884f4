export { type CascParseResult, type CascProblem, type OpaqueCloud, parseCascClouds } from './casc-parse.ts';
export { renderCascClouds } from './casc-render.ts';
export { EC2_FLEET_SIGNATURES, type Ec2FleetConstructorParameter, type Ec2FleetSignature, ec2FleetSignatureFor, pluginVersionAtLeast } from './plugin-versions.ts';
export { CLOUD_READ_MARKER, CLOUD_READ_PREFIX, type CloudReadAnswer, type FleetNodeOfCloud, parseCloudReadOutput, renderCloudReadScript } from './read-script.ts';
export type { ScriptOutputError, ScriptOutputResult } from './script-output.ts';
export {
  CLOUD_SYNC_MARKER,
  type CloudSyncScriptError,
  type CloudSyncScriptResult,
  parseCloudSyncOutput,
  renderCloudSyncScript,
} from './sync-script.ts';
