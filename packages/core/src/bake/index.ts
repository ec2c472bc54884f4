export type { BakeFailure, BakeMode, BakeProgressSnapshot, BakeStage, BakeStep, WorkerTypeBake } from './types.ts';
export { createBakeProgressParser, parseBakeProgress, type BakeProgressOptions, type BakeProgressParser } from './bake-progress.ts';
export { classifyPackerLine, packerDurationSeconds, type PackerLine } from './packer-lines.ts';
export { type BakePlan, type BakePlanInput, planBake } from './bake-plan.ts';
export { type BakeJobRun, countsAsBake, type LastBakeInput, lastBakedCommit } from './last-bake.ts';
