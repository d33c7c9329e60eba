#!/usr/bin/env node
// The npm registry mirror on our build machines serves only the linux-gnu builds of rollup's
// platform packages, so `npm install` writes a package-lock.json without the other platforms'
// entries, and npm 11's `npm ci` then refuses the lock ("Missing: @rollup/rollup-… from lock file").
// This adds those optional entries (version, os, cpu, libc; no integrity: npm skips foreign
// platforms without fetching). Run it after every `npm install` that touches the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const path = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(path, 'utf8'));
const rollup = lock.packages['node_modules/rollup'];
const CPUS = ['arm64', 'x64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x'];
let added = 0;
for (const name of Object.keys(rollup?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (!name.startsWith('@rollup/rollup-') || lock.packages[key]) continue;
  const parts = name.slice('@rollup/rollup-'.length).split('-');
  const os = parts[0];
  const cpu = CPUS.find((c) => parts[1] === c) ?? parts[1];
  const abi = parts[2] ?? '';
  const entry = { version: rollup.version, cpu: [cpu], dev: true, license: 'MIT', optional: true, os: [os] };
  if (os === 'linux') entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  lock.packages[key] = entry;
  added++;
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
