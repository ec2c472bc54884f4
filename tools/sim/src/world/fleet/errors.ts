/**
 * A request the fleet refuses, with the code AWS answers with (ValidationError,
 * InstanceRefreshInProgress, …), so the API layer passes it on unchanged.
 */
export class FleetError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export const validation = (message: string) => new FleetError('ValidationError', message);

export const groupNotFound = (name: string) => validation(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
