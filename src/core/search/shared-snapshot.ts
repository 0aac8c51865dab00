/** What a node knows of a snapshot it downloaded or published. */
export interface SharedSnapshotInfo {
  /** The object's name in the shared store. */
  name: string;
  /** When the snapshot was written (its change-feed position, ms since the epoch). */
  createdAt: number;
  bytes: number;
}

/**
 * Index snapshots shared between the nodes of a cluster (in the blob bucket): a node publishes its
 * snapshot, and a node starting without a usable one of its own fetches the newest published one and
 * catches up from its position, instead of rebuilding from the database.
 */
export interface SharedSnapshots {
  /** Where the snapshots are, for logs (`s3://bucket/prefix/index/`). */
  readonly location: string;
  /**
   * Uploads the snapshot file at `path` (never modified while this runs) written at `createdAt`, and
   * then makes it the newest one. Older ones are deleted, all but the previous newest.
   */
  publish(path: string, createdAt: number): Promise<SharedSnapshotInfo>;
  /**
   * Downloads the newest published snapshot to `target` (whole and checked against the hash it was
   * published with, or not at all); undefined when none is published.
   */
  fetch(target: string): Promise<SharedSnapshotInfo | undefined>;
}
