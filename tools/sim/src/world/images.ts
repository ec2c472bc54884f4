export type ImageState = 'pending' | 'available' | 'invalid' | 'deregistered' | 'transient' | 'failed' | 'error' | 'disabled';

export interface BlockDevice {
  deviceName: string;
  snapshotId: string;
  volumeSize: number;
  volumeType: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  deleteOnTermination: boolean;
  encrypted: boolean;
}

export interface ImageRecord {
  imageId: string;
  ownerId: string;
  /** An AMI lives in one region; a copy in another region is another AMI. */
  region: string;
  name: string;
  description: string | undefined;
  creationDate: Date;
  state: ImageState;
  architecture: 'x86_64' | 'arm64' | 'i386';
  platformDetails: string;
  usageOperation: string;
  rootDeviceName: string;
  blockDevices: BlockDevice[];
  virtualizationType: 'hvm' | 'paravirtual';
  enaSupport: boolean;
  sriovNetSupport: string | undefined;
  deprecationTime: Date | undefined;
  isPublic: boolean;
  /** Account ids with an explicit launch permission. */
  launchPermissions: Set<string>;
  /**
   * Tags by account. The owner's are the image's tags; an account the image is shared with may
   * tag it too, and sees only its own tags, as on AWS.
   */
  tags: Map<string, Map<string, string>>;
}

export interface TagRemoval {
  key: string;
  /** When given, the tag goes only if its value is this one. */
  value?: string;
}

/** Every AMI of the world, whoever owns it; deregistered ones stay here but no caller sees them. */
export class ImageStore {
  private readonly byId = new Map<string, ImageRecord>();

  add(image: ImageRecord): ImageRecord {
    if (this.byId.has(image.imageId)) throw new Error(`image ${image.imageId} already exists`);
    this.byId.set(image.imageId, image);
    return image;
  }

  get(imageId: string): ImageRecord | undefined {
    return this.byId.get(imageId);
  }

  require(imageId: string): ImageRecord {
    const image = this.byId.get(imageId);
    if (!image) throw new Error(`no image ${imageId} in the simulated world`);
    return image;
  }

  all(): ImageRecord[] {
    return [...this.byId.values()];
  }

  /** What AWS lets an account see in a region: its own, shared with it, or public; never deregistered ones. */
  visibleTo(image: ImageRecord, accountId: string, region: string): boolean {
    if (image.state === 'deregistered' || image.region !== region) return false;
    return image.ownerId === accountId || image.isPublic || image.launchPermissions.has(accountId);
  }

  findByName(ownerId: string, region: string, name: string): ImageRecord | undefined {
    return this.all().find((image) => image.ownerId === ownerId && image.region === region && image.name === name && image.state !== 'deregistered');
  }

  tagsSeenBy(image: ImageRecord, accountId: string): Map<string, string> {
    return image.tags.get(accountId) ?? new Map();
  }

  ownerTags(image: ImageRecord): Record<string, string> {
    return Object.fromEntries(this.tagsSeenBy(image, image.ownerId));
  }

  setTags(image: ImageRecord, accountId: string, tags: Iterable<readonly [string, string]>): void {
    let own = image.tags.get(accountId);
    if (!own) {
      own = new Map();
      image.tags.set(accountId, own);
    }
    for (const [key, value] of tags) own.set(key, value);
  }

  /** Without removals, every tag the account put on the image goes, as DeleteTags without Tag.N. */
  deleteTags(image: ImageRecord, accountId: string, removals?: readonly TagRemoval[]): void {
    const own = image.tags.get(accountId);
    if (!own) return;
    if (!removals) {
      own.clear();
      return;
    }
    for (const { key, value } of removals) {
      if (value === undefined || own.get(key) === value) own.delete(key);
    }
  }
}
