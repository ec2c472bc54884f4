/**
 * Where the simulator listens, from `SIM_PORT`: AWS on it, the first Jenkins controller and the
 * node-exporters on the two ports after it, further controllers on the ports after those; 0 lets
 * each take any free port. `npm start` and `npm run sim` read it alike.
 */
export function simulatorPorts(env: Readonly<Record<string, string | undefined>> = process.env): { port: number; jenkinsPort: number; exporterPort: number; extraJenkinsPorts: number[] } {
  const text = env.SIM_PORT ?? '4566';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_531) {
    throw new Error(`SIM_PORT is "${text}": it must be a port number from 0 to 65531 (Jenkins, the node-exporters and further Jenkins controllers take the four after it)`);
  }
  const next = (offset: number) => (port === 0 ? 0 : port + offset);
  return { port, jenkinsPort: next(1), exporterPort: next(2), extraJenkinsPorts: [next(3), next(4)] };
}
