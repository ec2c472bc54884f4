/** An error AWS would answer with: the code SDKs turn into an exception name, and its HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const missingParameter = (name: string) => new AwsError('MissingParameter', `The request must contain the parameter ${name}`);

export const invalidParameterValue = (message: string) => new AwsError('InvalidParameterValue', message);
