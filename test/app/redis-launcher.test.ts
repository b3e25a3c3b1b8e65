import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { ensureRedis, pingPlain, REDIS_INSTALL_HINT, type RedisHandle } from '../../src/app/redis-launcher';

describe('ensureRedis', () => {
  let dataDir: string;
  const logs: string[] = [];
  const log = (msg: string) => logs.push(msg);

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ce-redis-launcher-'));
    logs.length = 0;
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses an explicit url as is, without probing or launching', async () => {
    const handle = await ensureRedis({ url: 'redis://example.invalid:1234/3', dataDir, log });
    expect(handle).toMatchObject({ url: 'redis://example.invalid:1234/3', launched: false });
    await handle.stop(); // a no-op
    expect(existsSync(path.join(dataDir, 'redis'))).toBe(false);
  });

  it('launches a private redis-server when told not to probe the default port, and stops it', async () => {
    let handle: RedisHandle | undefined;
    try {
      handle = await ensureRedis({ dataDir, log, probeDefault: false });
      expect(handle.launched).toBe(true);
      expect(handle.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(handle.url).not.toBe('redis://127.0.0.1:6379');

      const client = new Redis(handle.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await client.connect();
        expect(await client.ping()).toBe('PONG');
        // The settings BullMQ depends on, and persistence in the private data dir.
        expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
        expect(await client.config('GET', 'dir')).toEqual(['dir', path.join(dataDir, 'redis')]);
      } finally {
        client.disconnect();
      }

      // A second call on the same data dir shares the live server rather than corrupting its AOF.
      const again = await ensureRedis({ dataDir, log, probeDefault: false });
      expect(again).toMatchObject({ url: handle.url, launched: false });

      const port = Number(new URL(handle.url).port);
      await handle.stop();
      expect(await pingPlain('127.0.0.1', port, 500)).toBe(false);
      await handle.stop(); // idempotent
    } finally {
      await handle?.stop();
    }
  });

  it('explains how to install Redis when redis-server is not on PATH', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(dataDir, 'empty-bin');
    try {
      await expect(ensureRedis({ dataDir, log, probeDefault: false })).rejects.toThrow(REDIS_INSTALL_HINT);
    } finally {
      process.env.PATH = savedPath;
    }
    expect(REDIS_INSTALL_HINT).toContain('sudo apt-get install redis-server');
    expect(REDIS_INSTALL_HINT).toContain('brew install redis');
    expect(REDIS_INSTALL_HINT).toContain('REDIS_URL');
  });
});

describe('pingPlain', () => {
  it('is false for a port where nothing listens', async () => {
    // Port 1 on loopback is closed on any sane machine; the refusal is immediate.
    expect(await pingPlain('127.0.0.1', 1, 500)).toBe(false);
  });
});
