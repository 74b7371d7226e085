#!/usr/bin/env node
// Tiny launcher: the bundled CLI (scripts/bundle-cli.mjs) loads only what a command needs.
import { main } from '../dist/bundle/cli.js';

main(process.argv);
