import { type InstanceRecord, privateDnsName } from '../world/fleet/instances.ts';
import { type NodeState } from '../world/nodes/node-state.ts';
import { type MetricFamily, type Sample } from './exposition.ts';

/** What /etc/os-release and uname say on each base OS the fleet bakes. */
interface OperatingSystem {
  id: string;
  idLike: string;
  name: string;
  version: string;
  versionId: string;
  kernel: string;
  kernelBuild: string;
  /** RHEL 8 AMIs keep a BIOS boot partition first, so their root is the second. */
  rootDevice: string;
}

const OPERATING_SYSTEMS: Record<string, OperatingSystem> = {
  centos7: { id: 'centos', idLike: 'rhel fedora', name: 'CentOS Linux', version: '7 (Core)', versionId: '7', kernel: '3.10.0-1160.119.1.el7.x86_64', kernelBuild: '#1 SMP Tue Jun 4 14:43:51 UTC 2024', rootDevice: '/dev/nvme0n1p1' },
  rhel7: { id: 'rhel', idLike: 'fedora', name: 'Red Hat Enterprise Linux Server', version: '7.9 (Maipo)', versionId: '7.9', kernel: '3.10.0-1160.119.1.el7.x86_64', kernelBuild: '#1 SMP Tue May 14 13:45:57 EDT 2024', rootDevice: '/dev/nvme0n1p1' },
  rhel8: { id: 'rhel', idLike: 'fedora', name: 'Red Hat Enterprise Linux', version: '8.10 (Ootpa)', versionId: '8.10', kernel: '4.18.0-553.16.1.el8_10.x86_64', kernelBuild: '#1 SMP Thu Aug 1 04:16:12 EDT 2024', rootDevice: '/dev/nvme0n1p2' },
};

/** Shares of a busy CPU's time by mode; what is left of each second is idle. */
const BUSY_MODES: Record<string, number> = { user: 0.72, system: 0.19, iowait: 0.05, softirq: 0.02, irq: 0.01, steal: 0.01, nice: 0 };

/**
 * The families node-exporter 1.5 serves for a node, with their real names, help texts and labels:
 * filesystems, load, CPU time, memory, boot and current time, uname and os-release.
 */
export function nodeMetrics(node: NodeState, instance: InstanceRecord, baseOs: string | undefined, now: Date): MetricFamily[] {
  const os = OPERATING_SYSTEMS[baseOs ?? ''] ?? OPERATING_SYSTEMS.rhel8;
  if (!os) throw new Error('no operating system to describe');
  const root = { device: os.rootDevice, fstype: 'xfs', mountpoint: '/' };
  const run = { device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run' };
  const runSize = Math.floor(node.memory.totalBytes / 2 / 4096) * 4096;
  const runAvail = runSize - 17_825_792;
  const filesystems = (read: (fs: { size: number; avail: number; files: number; filesFree: number }) => number): Sample[] => [
    { labels: root, value: read({ size: node.disk.sizeBytes, avail: node.disk.availBytes, files: node.disk.files, filesFree: node.disk.filesFree }) },
    { labels: run, value: read({ size: runSize, avail: runAvail, files: runSize / 4096, filesFree: runSize / 4096 - 842 }) },
  ];
  const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
  return [
    gauge('node_boot_time_seconds', 'Node boot time, in unixtime.', [{ value: Math.floor(node.bootTime.getTime() / 1000) }]),
    { name: 'node_cpu_seconds_total', help: 'Seconds the CPUs spent in each mode.', type: 'counter', samples: cpuSeconds(node, now) },
    gauge('node_exporter_build_info', 'A metric with a constant \'1\' value labeled by version, revision, branch, goversion from which node_exporter was built, and the goos and goarch for the build.', [
      { labels: { branch: 'debian/sid', goarch: 'amd64', goos: 'linux', goversion: 'go1.19.8', revision: '1.5.0-1+b6', tags: 'netgo osusergo static_build', version: '1.5.0' }, value: 1 },
    ]),
    gauge('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', filesystems((fs) => fs.avail)),
    gauge('node_filesystem_device_error', 'Whether an error occurred while getting statistics for the given device.', filesystems(() => 0)),
    gauge('node_filesystem_files', 'Filesystem total file nodes.', filesystems((fs) => fs.files)),
    gauge('node_filesystem_files_free', 'Filesystem total free file nodes.', filesystems((fs) => fs.filesFree)),
    gauge('node_filesystem_free_bytes', 'Filesystem free space in bytes.', filesystems((fs) => fs.avail)),
    gauge('node_filesystem_readonly', 'Filesystem read-only status.', filesystems(() => 0)),
    gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.', filesystems((fs) => fs.size)),
    gauge('node_load1', '1m load average.', [{ value: node.load1 }]),
    gauge('node_load15', '15m load average.', [{ value: node.load15 }]),
    gauge('node_load5', '5m load average.', [{ value: node.load5 }]),
    gauge('node_memory_MemAvailable_bytes', 'Memory information field MemAvailable_bytes.', [{ value: node.memory.availableBytes }]),
    gauge('node_memory_MemFree_bytes', 'Memory information field MemFree_bytes.', [{ value: Math.round(node.memory.availableBytes * 0.58) }]),
    gauge('node_memory_MemTotal_bytes', 'Memory information field MemTotal_bytes.', [{ value: node.memory.totalBytes }]),
    gauge('node_os_info', 'A metric with a constant \'1\' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.', [
      {
        labels: { build_id: '', id: os.id, id_like: os.idLike, image_id: '', image_version: '', name: os.name, pretty_name: `${os.name} ${os.version}`, variant: '', variant_id: '', version: os.version, version_codename: '', version_id: os.versionId },
        value: 1,
      },
    ]),
    gauge('node_time_seconds', 'System time in seconds since epoch (1970).', [{ value: now.getTime() / 1000 }]),
    gauge('node_uname_info', 'Labeled system information as provided by the uname system call.', [
      { labels: { domainname: '(none)', machine: 'x86_64', nodename: privateDnsName(instance), release: os.kernel, sysname: 'Linux', version: os.kernelBuild }, value: 1 },
    ]),
  ];
}

/** Each CPU's seconds since boot by mode, busy in proportion to the 15-minute load. */
function cpuSeconds(node: NodeState, now: Date): Sample[] {
  const uptime = Math.max(0, (now.getTime() - node.bootTime.getTime()) / 1000);
  const busy = Math.min(0.95, node.load15 / Math.max(1, node.cpus));
  return Array.from({ length: node.cpus }, (_, cpu) => {
    const spent = Object.fromEntries(Object.entries(BUSY_MODES).map(([mode, share]) => [mode, Math.round(uptime * busy * share * 100) / 100]));
    const idle = Math.round((uptime - Object.values(spent).reduce((sum, seconds) => sum + seconds, 0)) * 100) / 100;
    return Object.entries({ idle, ...spent })
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([mode, value]) => ({ labels: { cpu: String(cpu), mode }, value }));
  }).flat();
}
