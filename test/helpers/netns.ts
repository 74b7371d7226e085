import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe } from 'vitest';

/**
 * A small network of "hosts" on one machine: a Linux bridge in the test's own namespace and one
 * network namespace per host, each joined to the bridge by a veth pair. Servers the hosts must reach
 * (the simulator, PostgreSQL) listen on the bridge's address only, so every byte between a host and
 * them crosses that network. Needs root (CAP_NET_ADMIN) and iproute2: in CI (`CI` set) the tests run
 * and fail without them; elsewhere they skip with one line.
 */

function ip(args: string[], check = true): { ok: boolean; output: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  const ok = result.status === 0;
  if (check && !ok) throw new Error(`ip ${args.join(' ')} failed (${result.status ?? result.error?.message}): ${result.stderr}`);
  return { ok, output: `${result.stdout}${result.stderr}` };
}

/** Whether this process may make namespaces and bridges (tried, then undone). */
function netnsWorks(): boolean {
  const probe = `llmxprobe${process.pid}`;
  const made = ip(['netns', 'add', probe], false).ok;
  if (made) ip(['netns', 'del', probe], false);
  return made;
}

export const hasNetns = Boolean(process.env.CI) || (process.getuid?.() === 0 && netnsWorks());

export function describeWithNetns(): typeof describe {
  if (hasNetns) return describe;
  console.warn('skipping the multi-host test: it needs root and iproute2 to create network namespaces (sudo, apt-get install iproute2)');
  return describe.skip as typeof describe;
}

export interface Host {
  /** The namespace (pass as RunOptions.netns). */
  netns: string;
  ip: string;
}

export interface Fleet {
  /** The bridge's address: where servers for the hosts listen. */
  serverIp: string;
  hosts: Host[];
  remove(): void;
}

/** `count` hosts on a fresh /24 (10.NN.MM.0, from the pid), removed by `remove()` even half made. */
export function createFleet(count: number): Fleet {
  const tag = `${process.pid % 100000}`;
  const subnet = `10.${200 + (process.pid % 50)}.${Math.floor(process.pid / 50) % 250}`;
  const bridge = `lxb${tag}`;
  const hosts: Host[] = [];
  const remove = () => {
    for (const host of hosts) ip(['netns', 'del', host.netns], false);
    ip(['link', 'del', bridge], false);
  };
  try {
    ip(['link', 'add', bridge, 'type', 'bridge']);
    ip(['addr', 'add', `${subnet}.1/24`, 'dev', bridge]);
    ip(['link', 'set', bridge, 'up']);
    for (let index = 1; index <= count; index++) {
      const host: Host = { netns: `llmx${tag}h${index}`, ip: `${subnet}.${10 + index}` };
      const outside = `lx${tag}o${index}`;
      const inside = `lx${tag}i${index}`;
      ip(['netns', 'add', host.netns]);
      hosts.push(host);
      ip(['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
      ip(['link', 'set', inside, 'netns', host.netns]);
      ip(['link', 'set', outside, 'master', bridge]);
      ip(['link', 'set', outside, 'up']);
      ip(['-n', host.netns, 'addr', 'add', `${host.ip}/24`, 'dev', inside]);
      ip(['-n', host.netns, 'link', 'set', inside, 'up']);
      ip(['-n', host.netns, 'link', 'set', 'lo', 'up']);
    }
    // A new bridge port passes traffic only once it reaches the forwarding state (3), a moment later.
    const ports = hosts.map((_, index) => `lx${tag}o${index + 1}`);
    const deadline = Date.now() + 30_000;
    while (!ports.every((port) => readFileSync(`/sys/class/net/${port}/brport/state`, 'utf8').trim() === '3')) {
      if (Date.now() > deadline) throw new Error(`the bridge ports ${ports.join(', ')} did not reach the forwarding state in 30 s`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { serverIp: `${subnet}.1`, hosts, remove };
}
