#!/usr/bin/env node
// Tiny launcher: everything lives in the built entry so start-up loads only what a command needs.
import { main } from '../dist/cli.js';

main(process.argv);
