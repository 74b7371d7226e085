import { describe, expect, it } from 'vitest';
import { useBackends } from './backends.js';

const backends = useBackends();

describe.each(backends)('StateStore on $name', (backend) => {
  it('reads, writes, removes and scans JSON values by key', async () => {
    const store = await backend.open(await backend.fresh());
    const seen = await store.state.update(['circuit:a', 'circuit:b'], (current) => ({
      set: { 'circuit:a': { state: 'open', failures: 3 }, 'rr:default': 2 },
      result: [...current.keys()],
    }));
    expect(seen).toEqual([]);
    expect(await store.state.get('circuit:a')).toEqual({ state: 'open', failures: 3 });
    await store.state.update(['circuit:a', 'circuit:b'], (current) => {
      expect(current.get('circuit:a')).toEqual({ state: 'open', failures: 3 });
      expect(current.has('circuit:b')).toBe(false);
      return { set: { 'circuit:b': { state: 'closed' } }, remove: ['circuit:a'], result: null };
    });
    expect(await store.state.get('circuit:a')).toBeUndefined();
    expect(await store.state.scan('circuit:')).toEqual([['circuit:b', { state: 'closed' }]]);
    expect((await store.state.scan('')).map(([key]) => key)).toEqual(['circuit:b', 'rr:default']);
    await store.close();
  });

  it('keeps a key locked but never set absent for readers, and a key both set and removed removed', async () => {
    const store = await backend.open(await backend.fresh());
    await store.state.update(['lease:x', 'lease:y'], () => ({ set: { 'lease:y': [1] }, remove: ['lease:y'], result: null }));
    expect(await store.state.get('lease:x')).toBeUndefined();
    expect(await store.state.get('lease:y')).toBeUndefined();
    expect(await store.state.scan('lease:')).toEqual([]);
    await store.state.update(['k'], (current) => ({ set: { k: current.has('lease:x') }, result: null }));
    expect(await store.state.get('k')).toBe(false);
    await store.close();
  });

  it('scans by byte order: a prefix never matches its neighbours', async () => {
    const store = await backend.open(await backend.fresh());
    const keys = ['a', 'a:', 'a:1', 'a:Z', 'a:z', 'a:é', 'a;', 'B', 'b:1'];
    await store.state.update(keys, () => ({ set: Object.fromEntries(keys.map((key) => [key, key])), result: null }));
    expect((await store.state.scan('a:')).map(([key]) => key)).toEqual(['a:', 'a:1', 'a:Z', 'a:z', 'a:é']);
    expect((await store.state.scan('')).map(([key]) => key)).toEqual(['B', 'a', 'a:', 'a:1', 'a:Z', 'a:z', 'a:é', 'a;', 'b:1']);
    await store.close();
  });

  it('writes nothing when fn throws', async () => {
    const store = await backend.open(await backend.fresh());
    await expect(
      store.state.update(['k'], () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.state.get('k')).toBeUndefined();
    expect(await store.state.scan('')).toEqual([]);
    await store.close();
  });

  it('stores values with quotes, backslashes and unicode exactly', async () => {
    const store = await backend.open(await backend.fresh());
    const value = { text: `it's a "test" \\ \\' ' ; DROP TABLE state; -- ✓ \u0001`, nested: [1.5, null, true] };
    const key = "o'brien\\x;--";
    await store.state.update([key], () => ({ set: { [key]: value }, result: null }));
    expect(await store.state.get(key)).toEqual(value);
    await store.close();
  });

  it('sees every earlier write in a read-modify-write loop', async () => {
    const store = await backend.open(await backend.fresh());
    for (let i = 0; i < 200; i += 1) {
      await store.state.update(['rr:default'], (current) => ({ set: { 'rr:default': ((current.get('rr:default') as number) ?? 0) + 1 }, result: null }));
    }
    expect(await store.state.get('rr:default')).toBe(200);
    await store.close();
  });

  it('serializes updates from several stores at once (processes, hosts): no increment is lost, none is seen twice', async () => {
    const location = await backend.fresh();
    const stores = await Promise.all(Array.from({ length: 4 }, () => backend.open(location)));
    const seen: number[] = [];
    await Promise.all(
      stores.map(async (store, index) => {
        for (let i = 0; i < 25; i += 1) {
          // Two keys, locked in opposite orders by alternate stores: no deadlock, one total order.
          const keys = index % 2 === 0 ? ['counter', 'log'] : ['log', 'counter'];
          seen.push(
            await store.state.update(keys, (current) => {
              const next = ((current.get('counter') as number) ?? 0) + 1;
              return { set: { counter: next, log: [...((current.get('log') as number[]) ?? []), next].slice(-3) }, result: next };
            }),
          );
        }
      }),
    );
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await stores[0]!.state.get('counter')).toBe(100);
    expect(await stores[0]!.state.get('log')).toEqual([98, 99, 100]);
    await Promise.all(stores.map((store) => store.close()));
  });
});
