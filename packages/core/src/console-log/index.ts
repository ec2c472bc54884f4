export { classifyAnsibleLine, type AnsibleLine, type AnsibleRecapCounts } from './ansible-lines.ts';
export { cleanConsoleLine, secondsBetween, stripAnsi, type ConsoleLine, type ConsoleTimestamp } from './console-line.ts';
export { createLineSplitter, type LineSplitter } from './line-splitter.ts';
