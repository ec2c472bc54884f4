/** How long one run takes, with what it gave back. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Runs once to warm up, then `repeat` times, and prints the median and the worst. */
export async function measure(label: string, run: () => Promise<unknown>, repeat = 7, width = 58) {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) times.push((await timed(run)).ms);
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(width)} median ${times[Math.floor(repeat / 2)]!.toFixed(1).padStart(7)} ms  max ${times.at(-1)!.toFixed(1).padStart(7)} ms`);
}
