/**
 * The PromQL behind a node's health, one expression per signal for the whole fleet, each grouped by
 * the label that names a node (the EC2 instance id). The filesystem selector and the fill prediction
 * follow the node-exporter mixin (prometheus/node_exporter, docs/node-mixin), so the portal and the
 * team's NodeFilesystem* alerts agree on what is full and what is filling up.
 */

/**
 * The mixin's fsSelector and fsMountpointSelector (`fstype!=""`, `mountpoint!=""`), with the
 * in-memory and image filesystems it advises leaving out: tmpfs and its kin live in RAM, squashfs and
 * iso9660 are read-only images, and overlay mounts repeat the figures of the disk under them.
 */
export const FILESYSTEM_SELECTOR = 'fstype!="", fstype!~"tmpfs|devtmpfs|ramfs|overlay|squashfs|iso9660|nsfs", mountpoint!=""';

/** How far back the fill prediction looks: the mixin's NodeFilesystemSpaceFillingUp uses six hours. */
const PREDICTION_WINDOW = '6h';

export type NodeSignal = 'up' | 'disk' | 'inodes' | 'diskFull' | 'inodesFull' | 'load' | 'memory' | 'boot';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isLabelName(text: string): boolean {
  return LABEL_NAME.test(text);
}

/** Every signal's expression, grouped by `label` (`instance` unless relabelling chose another). */
export function nodeQueries(label: string): Record<NodeSignal, string> {
  if (!isLabelName(label)) throw new Error(`"${label}" is not a Prometheus label name`);
  const by = `by (${label})`;
  const fs = (metric: string) => `${metric}{${FILESYSTEM_SELECTOR}}`;
  return {
    // 1 when every node-exporter target of the node answered its last scrape, 0 when one did not.
    // A node-exporter job is one whose targets served node_exporter_build_info within the hour, so
    // a down exporter still counts while Prometheus's own job and other exporters on the node do not.
    up: `min ${by} (up * on (job) group_left () group by (job) (max_over_time(node_exporter_build_info[1h])))`,

    // The fullest filesystem's used space in percent, as the mixin reckons it: what is not available
    // to unprivileged users is used. topk keeps its labels, so the answer also says where it is mounted.
    disk: `topk ${by} (1, 100 * (1 - ${fs('node_filesystem_avail_bytes')} / (${fs('node_filesystem_size_bytes')} > 0)))`,

    // The filesystem with the most inodes used, in percent; some filesystems report no inodes at all.
    inodes: `max ${by} (100 * (1 - ${fs('node_filesystem_files_free')} / (${fs('node_filesystem_files')} > 0)))`,

    // Hours until the soonest-filling filesystem is full: where the mixin's predict_linear line over
    // six hours reaches 0, which is its value now over the rate it falls at. Only falling series
    // count (deriv < 0), so a filesystem that is not filling has no answer; one the line says is
    // already past full gives 0.
    diskFull: hoursUntilEmpty(fs('node_filesystem_avail_bytes'), by),

    // The same for free inodes, as the mixin's NodeFilesystemFilesFillingUp does.
    inodesFull: hoursUntilEmpty(fs('node_filesystem_files_free'), by),

    // The one-minute load average shared over the CPUs, counted by their idle-time series.
    load: `max ${by} (node_load1) / count ${by} (node_cpu_seconds_total{mode="idle"})`,

    // Memory the kernel can give to new work without swapping, in percent of all memory.
    memory: `max ${by} (100 * node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)`,

    // When the node booted, in Unix seconds.
    boot: `max ${by} (node_boot_time_seconds)`,
  };
}

function hoursUntilEmpty(series: string, by: string): string {
  const window = `${series}[${PREDICTION_WINDOW}]`;
  return `clamp_min(min ${by} (predict_linear(${window}, 0) / -(deriv(${window}) < 0)) / 3600, 0)`;
}
