#!/usr/bin/env node
import { main, processIo } from './main.js';

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`wavefront: ${String(error)}\n`);
    process.exitCode = 70;
  },
);
