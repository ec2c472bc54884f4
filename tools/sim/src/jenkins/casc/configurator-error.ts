/**
 * io.jenkins.plugins.casc.ConfiguratorException as the plugin builds its message: the
 * configurator's name before it, and where in the YAML (`at <source>:<line> (path: <attribute>)`)
 * when it knows. UnknownAttributesException (an unknown attribute or symbol) passes every level
 * unchanged; any other is wrapped at the `jenkins.clouds` attribute.
 */
export class ConfiguratorError extends Error {
  constructor(
    /** ConfiguratorException#getErrorMessage: the message without the configurator's name. */
    readonly errorMessage: string,
    readonly options: { configurator?: string; source?: string; path?: string; unknown?: boolean } = {},
  ) {
    super(errorMessage);
  }

  get unknown(): boolean {
    return this.options.unknown === true;
  }

  /** ConfiguratorException#getMessage. */
  describe(): string {
    const { configurator, source, path } = this.options;
    const base = configurator ? `${configurator}: ${this.errorMessage}` : this.errorMessage;
    if (source === undefined && path === undefined) return base;
    return `${base}\n  at ${source ?? 'unknown source'}${path ? ` (path: ${path})` : ''}`;
  }
}

/** What CNode#asMapping and its siblings throw for a node of the wrong kind. */
export function wrongKind(kind: 'Mapping' | 'Sequence' | 'Scalar', source: string): ConfiguratorError {
  return new ConfiguratorError(`Item isn't a ${kind} ${source}`);
}

/** BaseConfigurator.handleUnknown: the keys nothing consumed, and every attribute the type has. */
export function unknownAttributes(configurator: string, type: string, keys: readonly string[], attributes: readonly string[]): ConfiguratorError {
  return new ConfiguratorError(`Invalid configuration elements for type: class ${type} : ${keys.join(',')}.\nAvailable attributes : ${[...attributes].sort().join(', ')}`, {
    configurator,
    unknown: true,
  });
}

/** HeteroDescribableConfigurator.lookupDescriptor: no descriptor has the symbol. */
export function unknownSymbol(configurator: string, type: string, symbol: string): ConfiguratorError {
  return new ConfiguratorError(`No ${type} implementation found for ${symbol}`, { configurator, unknown: true });
}

/** DataBoundConfigurator.tryConstructor when the constructor threw. */
export function constructionFailed(configurator: string, type: string, parameters: readonly { name: string; type: string }[], argumentTypes: readonly (string | null)[]): ConfiguratorError {
  const constructor = `public ${type}(${parameters.map((parameter) => parameter.type).join(',')})`;
  const expected = parameters.map((parameter) => `${parameter.name} ${parameter.type}`).join(', ');
  return new ConfiguratorError(
    `Failed to construct instance of class ${type}.\n Constructor: ${constructor}.\n Arguments: [${argumentTypes.map((argument) => argument ?? 'null').join(', ')}].\n Expected Parameters: ${expected}`,
    { configurator },
  );
}

/** BaseConfigurator.configure around a setter: a child's failure named after the attribute (unknown ones pass as they are). */
export function atAttribute<T>(attribute: string, source: string, configure: () => T): T {
  try {
    return configure();
  } catch (error) {
    if (!(error instanceof ConfiguratorError) || error.unknown) throw error;
    throw new ConfiguratorError(`Failed to configure '${attribute}': ${error.errorMessage}`, { source, path: attribute });
  }
}
