export * from './client.ts';
export { type JenkinsComputer } from './computers.ts';
export * from './failure.ts';
export * from './clouds/index.ts';
