/**
 * Where the simulator listens, from `SIM_PORT`: AWS on it, Jenkins and the node-exporters on the
 * two ports after it; 0 lets each take any free port. `npm start` and `npm run sim` read it alike.
 */
export function simulatorPorts(env: Readonly<Record<string, string | undefined>> = process.env): { port: number; jenkinsPort: number; exporterPort: number } {
  const text = env.SIM_PORT ?? '4566';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_533) {
    throw new Error(`SIM_PORT is "${text}": it must be a port number from 0 to 65533 (Jenkins and the node-exporters take the two after it)`);
  }
  const next = (offset: number) => (port === 0 ? 0 : port + offset);
  return { port, jenkinsPort: next(1), exporterPort: next(2) };
}
