#!/usr/bin/env node
// The `osprey` command: the compiled CLI (npm run build builds it).
require('../dist/src/main.js');
