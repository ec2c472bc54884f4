import { type Random } from './random.ts';
import { type World } from './world.ts';

/**
 * aws-ami-share (a qontract-reconcile integration) runs every few minutes and gives the production
 * accounts launch permission on the build account's new AMIs; an AMI baked now is shared on its
 * next pass, a few simulated minutes later, whatever the bake job does meanwhile.
 */
export function shareOnNextReconcile(world: World, imageId: string, at: Date, random: Random): void {
  const delayMs = (random.int(120, 360) * 1000) / world.fleet.timeScale;
  world.fleet.timeline.schedule(new Date(at.getTime() + delayMs), () => {
    if (world.images.get(imageId)?.state === 'available') world.share(imageId);
  });
}
